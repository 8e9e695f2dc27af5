import { buildLevelCredential, signCredential } from '@attain/credentials';
import {
  appendAudit,
  completeOutbox,
  credentialExistsForAttainment,
  findAttainmentForIssue,
  findPolicyVersion,
  insertCredential,
  type AttainmentForIssue,
} from '@attain/db';
import type { Framework } from '@attain/framework';
import { UnrecoverableError, type JobHandler } from '@attain/queue';
import type { FrameworkCache } from './framework-cache.js';
import { levelCredentialInput } from './level-credential.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * credential.issue: builds, signs and stores the attainment's credential. Its id is derived from
 * the attainment, and the store keeps one per attainment, so a retried or duplicated job never
 * yields a second credential.
 */
export function createIssueCredentialProcessor(
  deps: PipelineDeps,
  frameworks: FrameworkCache,
): JobHandler<'credential.issue'> {
  return async (data) => {
    if (await credentialExistsForAttainment(deps.db, data.attainmentId)) {
      await completeOutbox(deps.db, data.outboxId, data.generation);
      return;
    }
    const attainment = await findAttainmentForIssue(deps.db, data.attainmentId);
    if (attainment === undefined) throw new UnrecoverableError(`attainment ${data.attainmentId} does not exist`);
    const framework = await frameworks.get(attainment.frameworkId, attainment.version);
    const now = deps.now();
    const validUntil = await validUntilFor(deps, framework, attainment, now);
    const credential = buildLevelCredential(
      levelCredentialInput({
        attainment,
        framework,
        issuer: deps.issuer.profile,
        publicUrl: deps.publicUrl,
        validFrom: now,
        ...(validUntil === null ? {} : { validUntil }),
      }),
    );
    const signed = await signCredential({
      credential,
      signer: deps.issuer.signer,
      documentLoader: deps.issuer.documentLoader,
      now,
    });
    const stored = await deps.db.transaction().execute(async (trx) => {
      const inserted = await insertCredential(trx, {
        id: attainment.id,
        attainmentId: attainment.id,
        learnerId: attainment.learner.id,
        issuerDid: deps.issuer.profile.id,
        verificationMethod: deps.issuer.signer.id,
        document: signed,
        validFrom: now,
        validUntil,
      });
      if (inserted) {
        await appendAudit(trx, {
          at: now,
          actor: 'pipeline',
          action: 'credential.issued',
          subject: attainment.id,
          data: {
            level: attainment.levelKey,
            framework: attainment.frameworkId,
            version: attainment.version,
            learnerId: attainment.learner.id,
            policyVersion: attainment.policyVersion,
            verificationMethod: deps.issuer.signer.id,
            validUntil: validUntil?.toISOString() ?? null,
          },
        });
      }
      await completeOutbox(trx, data.outboxId, data.generation);
      return inserted;
    });
    if (stored) {
      deps.logger.info(
        { credentialId: attainment.id, level: attainment.levelKey, framework: framework.id },
        'credential issued',
      );
    }
  };
}

/** The level's validity under the policy version it was attained with; null means no expiry. */
async function validUntilFor(
  deps: PipelineDeps,
  framework: Framework,
  attainment: AttainmentForIssue,
  from: Date,
): Promise<Date | null> {
  if (attainment.policyVersion === null) return null;
  const version = await findPolicyVersion(deps.db, framework, attainment.policyVersion);
  const days = version?.policy.levels.find((rule) => rule.level === attainment.levelKey)?.validityDays ?? null;
  return days === null ? null : new Date(from.getTime() + days * 86_400_000);
}
