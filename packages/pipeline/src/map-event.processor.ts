import {
  completeOutbox,
  enqueueOutbox,
  evaluateWork,
  findAssessmentEvent,
  findMappingsForActivity,
  insertEvidence,
  lockActivity,
  setEventStatus,
} from '@attain/db';
import { UnrecoverableError, type JobHandler } from '@attain/queue';
import { dispatchAfter, dispatchCommitted, type PipelineDeps } from './pipeline-deps.js';

/**
 * event.map: turns an assessment event into statement evidence. An event whose activity has no
 * mapping is parked ('unmapped'); importing a mapping for it re-queues it.
 */
export function createMapEventProcessor(deps: PipelineDeps): JobHandler<'event.map'> {
  return async (data) => {
    const event = await findAssessmentEvent(deps.db, data.eventId);
    if (event === undefined) throw new UnrecoverableError(`assessment event ${data.eventId} does not exist`);
    const work = await deps.db.transaction().execute(async (trx) => {
      await lockActivity(trx, event.activityId);
      // Voided (xAPI) while this job waited: it no longer counts.
      if ((await findAssessmentEvent(trx, event.id))?.status === 'voided') {
        await completeOutbox(trx, data.outboxId, data.generation);
        return [];
      }
      const mappings = await findMappingsForActivity(trx, event.activityId);
      if (mappings.length === 0) {
        await setEventStatus(trx, event.id, 'unmapped');
        await completeOutbox(trx, data.outboxId, data.generation);
        return [];
      }
      await insertEvidence(
        trx,
        mappings.map((m) => ({
          eventId: event.id,
          frameworkId: m.frameworkId,
          version: m.version,
          statementCode: m.statementCode,
          learnerId: event.learnerId,
          passed: event.passed,
          scoreScaled: event.scoreScaled,
          occurredAt: event.completedAt,
        })),
      );
      await setEventStatus(trx, event.id, 'mapped');
      const frameworks = new Map(mappings.map((m) => [`${m.frameworkId}\u0000${m.version}`, m]));
      const next = await enqueueOutbox(
        trx,
        [...frameworks.values()].map((m) => evaluateWork(event.learnerId, m.frameworkId, m.version)),
        dispatchAfter(deps),
      );
      await completeOutbox(trx, data.outboxId, data.generation);
      return next;
    });
    deps.logger.debug({ eventId: event.id }, 'event mapped');
    await dispatchCommitted(deps, work);
  };
}
