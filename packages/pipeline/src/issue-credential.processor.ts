import { signCredential } from '@attain/credentials';
import {
  allocateStatusEntries,
  appendAudit,
  completeOutbox,
  createDeliveries,
  credentialExistsForAttainment,
  enqueueOutbox,
  findLmsClientOfLearner,
  type Database,
  findAttainmentForIssue,
  findPolicyVersion,
  insertCredential,
  lockAttainment,
  type AttainmentForIssue,
} from '@attain/db';
import type { Framework } from '@attain/framework';
import { metrics } from '@attain/runtime';
import type { Transaction } from 'kysely';
import { UnrecoverableError, type JobHandler } from '@attain/queue';
import type { FrameworkCache } from './framework-cache.js';
import { credentialIdFor } from './attainment-id.js';
import { channelServices, deliveryWork } from './deliver-notification.processor.js';
import { levelCredentialFormat, levelCredentialInput } from './level-credential.js';
import { dispatchAfter } from './pipeline-deps.js';
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
    const attainment = await findAttainmentForIssue(deps.db, data.attainmentId);
    if (attainment === undefined) throw new UnrecoverableError(`attainment ${data.attainmentId} does not exist`);
    if (await credentialExistsForAttainment(deps.db, attainment.id, attainment.round)) {
      await completeOutbox(deps.db, data.outboxId, data.generation);
      return;
    }
    const credentialId = credentialIdFor(attainment.id, attainment.round);
    const framework = await frameworks.get(attainment.frameworkId, attainment.version);
    const now = deps.now();
    const validUntil = await validUntilFor(deps, framework, attainment, now);
    const issuer = deps.issuers.forFramework(attainment.frameworkId);
    const stored = await deps.db.transaction().execute(async (trx) => {
      await lockAttainment(trx, attainment.id);
      if (await credentialExistsForAttainment(trx, attainment.id, attainment.round)) {
        await completeOutbox(trx, data.outboxId, data.generation);
        return { inserted: false, work: [] };
      }
      // The status bits are taken in this transaction: a rollback leaves no entry behind.
      const status = await allocateStatusEntries(trx, {
        credentialId: `urn:uuid:${credentialId}`,
        issuerDid: issuer.profile.id,
        purposes: deps.status.suspension ? ['revocation', 'suspension'] : ['revocation'],
        listLength: deps.status.listLength,
      });
      const credential = levelCredentialFormat.build(
        levelCredentialInput({
          attainment,
          credentialId,
          framework,
          issuer: issuer.profile,
          publicUrl: deps.publicUrl,
          validFrom: now,
          ...(validUntil === null ? {} : { validUntil }),
          status: status.map((e) => ({
            purpose: e.purpose,
            listUrl: deps.statusLists.urlOf(e.listId),
            index: e.index,
          })),
        }),
        now,
      );
      const signed = await signCredential({
        credential,
        signer: issuer.signer,
        documentLoader: issuer.documentLoader,
        now,
      });
      const inserted = await insertCredential(trx, {
        id: credentialId,
        attainmentId: attainment.id,
        round: attainment.round,
        learnerId: attainment.learner.id,
        issuerDid: issuer.profile.id,
        verificationMethod: issuer.signer.id,
        document: signed,
        validFrom: now,
        validUntil,
      });
      if (inserted) {
        await appendAudit(trx, {
          at: now,
          actor: 'pipeline',
          action: attainment.round === 1 ? 'credential.issued' : 'credential.renewed',
          subject: credentialId,
          data: {
            attainment: attainment.id,
            round: attainment.round,
            level: attainment.levelKey,
            framework: attainment.frameworkId,
            version: attainment.version,
            learnerId: attainment.learner.id,
            policyVersion: attainment.policyVersion,
            verificationMethod: issuer.signer.id,
            status: status.map((e) => ({ purpose: e.purpose, list: e.listId, index: e.index })),
            validUntil: validUntil?.toISOString() ?? null,
          },
        });
      }
      // Announcements ride along in the same transaction, so none is lost or sent twice.
      const deliveries = inserted
        ? await createDeliveries(trx, credentialId, await channelsFor(deps, trx, attainment))
        : [];
      const work = await enqueueOutbox(trx, deliveries.map(deliveryWork), dispatchAfter(deps));
      await completeOutbox(trx, data.outboxId, data.generation);
      return { inserted, work };
    });
    await deps.outbox.dispatchCommitted(stored.work);
    if (stored.inserted) {
      metrics.credentials.inc({ kind: attainment.round === 1 ? 'issued' : 'renewed' });
      deps.logger.info(
        { credentialId, round: attainment.round, level: attainment.levelKey, framework: framework.id },
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

/** One delivery per registered channel that applies to this agent (see `@attain/notifications`). */
async function channelsFor(
  deps: PipelineDeps,
  trx: Transaction<Database>,
  attainment: AttainmentForIssue,
): Promise<{ channel: string; lmsClientId: string | null }[]> {
  const client = await findLmsClientOfLearner(trx, attainment.learner.id);
  return deps.notifications.channels.targetsFor(
    {
      identityType: attainment.learner.identityType,
      lmsClient: client === undefined ? undefined : { id: client.id, webhookUrl: client.webhookUrl },
    },
    channelServices(deps),
  );
}
