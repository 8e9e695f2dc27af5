import {
  completeOutbox,
  completeAndRequest,
  findAssessmentEvent,
  findEvidenceFrameworks,
  findMappingsForActivity,
  insertEvidence,
  lockActivity,
  setEventStatus,
} from '@attain/db';
import { UnrecoverableError, work, type JobHandler } from '@attain/queue';
import { dispatchAfter, type PipelineDeps } from './pipeline-deps.js';

/**
 * event.map: turns an assessment event into statement evidence. An event whose activity has no
 * mapping is parked ('unmapped'); importing a mapping for it re-queues it.
 *
 * Two transactions. The first stores the evidence under the activity's lock. The second asks for
 * the learner's evaluation and finishes the job: that outbox row is hot (every result of the
 * learner bumps it), so it is written in a short transaction that holds no other lock; a job
 * that dies between the two finds its event mapped when it runs again and does only the second.
 */
export function createMapEventProcessor(deps: PipelineDeps): JobHandler<'event.map'> {
  return async (data) => {
    const event = await findAssessmentEvent(deps.db, data.eventId);
    if (event === undefined) throw new UnrecoverableError(`assessment event ${data.eventId} does not exist`);
    let mapped: { frameworkId: string; version: string }[] | undefined;
    if (event.status !== 'mapped') {
      const frameworks = await deps.db.transaction().execute(async (trx) => {
        await lockActivity(trx, event.activityId);
        const status = (await findAssessmentEvent(trx, event.id))?.status;
        if (status === 'mapped') return undefined;
        // Voided (xAPI) while this job waited: it no longer counts.
        if (status === 'voided') {
          await completeOutbox(trx, data.outboxId, data.generation);
          return 'finished';
        }
        const mappings = await findMappingsForActivity(trx, event.activityId);
        if (mappings.length === 0) {
          await setEventStatus(trx, event.id, 'unmapped');
          await completeOutbox(trx, data.outboxId, data.generation);
          return 'finished';
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
        return [...new Map(mappings.map((m) => [`${m.frameworkId}\u0000${m.version}`, m])).values()].map((m) => ({
          frameworkId: m.frameworkId,
          version: m.version,
        }));
      });
      if (frameworks === 'finished') return;
      mapped = frameworks;
    }
    // Mapped by an earlier run of this job that died before finishing: the evidence says where to.
    const evaluated = mapped ?? (await findEvidenceFrameworks(deps.db, event.id));
    const requested = await completeAndRequest(
      deps.db,
      { id: data.outboxId, generation: data.generation },
      evaluated.map((f) =>
        work('learner.evaluate', { learnerId: event.learnerId, frameworkId: f.frameworkId, version: f.version }),
      ),
      dispatchAfter(deps),
    );
    deps.logger.debug({ eventId: event.id }, 'event mapped');
    await deps.outbox.dispatchCommitted(requested);
  };
}
