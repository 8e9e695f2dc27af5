import { randomBytes } from 'node:crypto';
import { defaultPolicy, evaluate } from '@attain/attainment';
import { findLevel } from '@attain/framework';
import {
  completeOutbox,
  enqueueOutbox,
  findCurrentPolicy,
  insertAttainments,
  loadLearnerEvidence,
  lockLearnerEvaluation,
  markAttainmentSupport,
} from '@attain/db';
import type { JobHandler } from '@attain/queue';
import { attainmentId } from './attainment-id.js';
import type { FrameworkCache } from './framework-cache.js';
import { dispatchAfter, dispatchCommitted, type PipelineDeps } from './pipeline-deps.js';

/**
 * learner.evaluate: applies the framework's policy to all of a learner's evidence and records
 * each newly attained level once; each new attainment becomes a credential.issue job.
 */
export function createEvaluateLearnerProcessor(
  deps: PipelineDeps,
  frameworks: FrameworkCache,
): JobHandler<'learner.evaluate'> {
  return async (data) => {
    const framework = await frameworks.get(data.frameworkId, data.version);
    // Every imported framework gets a policy (version 1) with it; the default covers a gap only.
    const current = await findCurrentPolicy(deps.db, framework);
    const policy = current?.policy ?? defaultPolicy(framework);
    const work = await deps.db.transaction().execute(async (trx) => {
      // One evaluation of a learner at a time, reading evidence under the lock: a run that read
      // evidence before a void cannot commit after the run that saw the void.
      await lockLearnerEvaluation(trx, data.learnerId, framework.id, framework.version);
      const evidence = await loadLearnerEvidence(trx, data.learnerId, framework.id, framework.version);
      const now = deps.now();
      const evaluation = evaluate(framework, evidence, policy, now);
      const demonstratedBy = new Map(evaluation.statements.map((s) => [s.code, s.demonstratedBy]));

      const attained = evaluation.levels
        .filter((level) => level.attained)
        .map((level) => {
          const statements = findLevel(framework, level.level)?.statements ?? [];
          // The earliest result that demonstrated each statement is the credential's evidence.
          const events = statements.flatMap(
            (s) =>
              demonstratedBy
                .get(s.code)
                ?.slice(0, 1)
                .map((e) => e.eventId) ?? [],
          );
          return {
            id: attainmentId(data.learnerId, framework.id, framework.version, level.level),
            learnerId: data.learnerId,
            frameworkId: framework.id,
            version: framework.version,
            levelKey: level.level,
            attainedAt: level.attainedAt ?? now,
            recipientSalt: randomBytes(16).toString('hex'),
            evidenceEventIds: [...new Set(events)],
            policyVersion: current?.policyVersion ?? 1,
          };
        });

      const created = await insertAttainments(trx, attained);
      await markAttainmentSupport(trx, {
        learnerId: data.learnerId,
        frameworkId: framework.id,
        version: framework.version,
        supportedLevels: attained.map((a) => a.levelKey),
        now,
      });
      const next = await enqueueOutbox(
        trx,
        created.map((id) => ({ topic: 'credential.issue', jobKey: id, payload: { attainmentId: id } })),
        dispatchAfter(deps),
      );
      await completeOutbox(trx, data.outboxId, data.generation);
      return next;
    });
    if (work.length > 0) {
      deps.logger.info(
        { learnerId: data.learnerId, framework: framework.id, attained: work.length },
        'levels attained',
      );
    }
    await dispatchCommitted(deps, work);
  };
}
