import { credentialFormats, OB3_LEVEL_FORMAT, type LevelCredentialInput } from '@attain/credentials';
import type { AttainmentForIssue } from '@attain/db';
import { findLevel, frameworkUrl, levelUrl, statementUrl, type Framework } from '@attain/framework';

/** The format of the credential a level earns, from the registry: issue and correction build with it. */
export const levelCredentialFormat = credentialFormats.get(OB3_LEVEL_FORMAT);

/** Everything the credential says, from stored facts: no e-mail in clear, no scores. */
export function levelCredentialInput(args: {
  attainment: AttainmentForIssue;
  /** The credential's uuid (the attainment's own for its first round). */
  credentialId: string;
  framework: Framework;
  issuer: LevelCredentialInput['issuer'];
  publicUrl: string;
  validFrom: Date;
  validUntil?: Date;
  status?: LevelCredentialInput['status'];
}): LevelCredentialInput {
  const { attainment, framework, publicUrl } = args;
  const level = findLevel(framework, attainment.levelKey);
  if (level === undefined)
    throw new Error(`framework ${framework.id} ${framework.version} has no level ${attainment.levelKey}`);
  const inLevel = new Set(level.statements.map((s) => s.code));
  return {
    id: `urn:uuid:${args.credentialId}`,
    // Links the credential to its public badge page, where its baked image is served too.
    image: {
      id: `${publicUrl}/badges/${args.credentialId}/image.png`,
      caption: `Badge page: ${publicUrl}/badges/${args.credentialId}`,
    },
    issuer: args.issuer,
    framework: {
      id: framework.id,
      title: framework.title,
      version: framework.version,
      url: frameworkUrl(publicUrl, framework),
    },
    level: {
      key: level.key,
      label: level.label,
      achievementId: levelUrl(publicUrl, framework, level.key),
      statements: level.statements.map((s) => ({
        code: s.code,
        text: s.text,
        url: statementUrl(publicUrl, framework, s.code),
      })),
    },
    levels: framework.levels.map((l) => ({ key: l.key, label: l.label })),
    recipient:
      attainment.learner.identityType === 'accountId'
        ? { identityType: 'accountId', identity: attainment.learner.identity, salt: attainment.recipientSalt }
        : { email: attainment.learner.identity, salt: attainment.recipientSalt },
    evidence: attainment.evidence.map((e) => {
      const codes = e.statementCodes.filter((c) => inLevel.has(c));
      return {
        id: `${publicUrl}/evidence/${e.id}`,
        name: `Assessment ${e.activityId}`,
        narrative: `Completed ${e.completedAt.toISOString()}; demonstrates ${codes.join(', ')}.`,
      };
    }),
    validFrom: args.validFrom,
    ...(args.validUntil === undefined ? {} : { validUntil: args.validUntil }),
    ...(args.status === undefined ? {} : { status: args.status }),
    awardedDate: attainment.attainedAt,
  };
}
