import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import { hashAccount, hashIdentity } from './identity-hash.js';
import { buildLevelAchievement, rubricIds } from './level-achievement.builder.js';
import type { LevelCredentialInput } from './level-credential.input.js';
import { credentialStatusOf } from './status-list.js';
import { toDateTime } from './xsd-date-time.js';

/** The unsigned OpenBadgeCredential awarding one framework level; every term is defined by the VC 2.0 or OB 3.0.3 context. */
export function buildLevelCredential(input: LevelCredentialInput): Record<string, unknown> {
  const { issuer, level, framework } = input;
  const { resultDescriptionId, levelId } = rubricIds(input);
  const credentialStatus = credentialStatusOf(input.status ?? []);
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${level.label} — ${framework.title}`,
    issuer: {
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      ...(issuer.url !== undefined && { url: issuer.url }),
      ...(issuer.email !== undefined && { email: issuer.email }),
      ...(issuer.image !== undefined && { image: { id: issuer.image, type: 'Image' } }),
    },
    ...(input.image !== undefined && {
      image: {
        id: input.image.id,
        type: 'Image',
        ...(input.image.caption !== undefined && { caption: input.image.caption }),
      },
    }),
    validFrom: toDateTime(input.validFrom),
    ...(input.validUntil !== undefined && { validUntil: toDateTime(input.validUntil) }),
    ...(input.awardedDate !== undefined && { awardedDate: toDateTime(input.awardedDate) }),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash:
            'email' in input.recipient
              ? hashIdentity(input.recipient.email, input.recipient.salt)
              : hashAccount(input.recipient.identity, input.recipient.salt),
          identityType: 'email' in input.recipient ? 'emailAddress' : input.recipient.identityType,
          hashed: true,
          salt: input.recipient.salt,
        },
      ],
      achievement: buildLevelAchievement(input),
      result: [{ type: ['Result'], resultDescription: resultDescriptionId, achievedLevel: levelId(level.key) }],
    },
    ...(input.evidence.length > 0 && {
      evidence: input.evidence.map((item) => ({
        id: item.id,
        type: ['Evidence'],
        name: item.name,
        ...(item.narrative !== undefined && { narrative: item.narrative }),
      })),
    }),
    ...(credentialStatus !== undefined && { credentialStatus }),
  };
}
