import { randomBytes } from 'node:crypto';
import { defaultPolicy, evaluate, type AttainmentPolicy, type EvidenceItem } from '@attain/attainment';
import { findLevel, type Framework } from '@attain/framework';
import {
  completeOutbox,
  enqueueOutbox,
  findExpiredRounds,
  findCurrentPolicy,
  insertAttainments,
  beginOutboxRun,
  loadLearnerEvidence,
  lockLearnerEvaluation,
  markAttainmentSupport,
  renewAttainment,
  type Database,
} from '@attain/db';
import type { Transaction } from 'kysely';
import { work, type JobHandler } from '@attain/queue';
import { attainmentId } from './attainment-id.js';
import type { FrameworkCache } from './framework-cache.js';
import { dispatchAfter, type PipelineDeps } from './pipeline-deps.js';

/**
 * learner.evaluate: applies the framework's policy to all of a learner's evidence and records
 * each newly attained level once; each new attainment becomes a credential.issue job.
 */
export function createEvaluateLearnerProcessor(
  deps: PipelineDeps,
  frameworks: FrameworkCache,
): JobHandler<'learner.evaluate'> {
  return async (data) => {
    // Forty results in a burst ask for one evaluation; only the newest generation's job need run,
    // since it reads the evidence of all of them. A superseded job ends without work. Marking the
    // run begun (committed before any evidence is read) tells later results whether it still
    // will read theirs (see completeAndRequest).
    if (!(await beginOutboxRun(deps.db, data.outboxId, data.generation))) {
      deps.logger.debug({ learnerId: data.learnerId, outboxId: data.outboxId }, 'evaluation superseded');
      return;
    }
    const framework = await frameworks.get(data.frameworkId, data.version);
    // Every imported framework gets a policy (version 1) with it; the default covers a gap only.
    const current = await findCurrentPolicy(deps.db, framework);
    const policy = current?.policy ?? defaultPolicy(framework);
    const issues = await deps.db.transaction().execute(async (trx) => {
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
      const renewed = await renewExpired(trx, {
        attained: attained.filter((a) => !created.includes(a.id)),
        evidence,
        policy,
        framework,
        now,
      });
      await markAttainmentSupport(trx, {
        learnerId: data.learnerId,
        frameworkId: framework.id,
        version: framework.version,
        supportedLevels: attained.map((a) => a.levelKey),
        now,
      });
      const next = await enqueueOutbox(
        trx,
        [
          ...created.map((id) => work('credential.issue', { attainmentId: id })),
          // A renewal is its own piece of work: the first round's row may still be pending.
          ...renewed.map((r) => work('credential.issue', { attainmentId: r.id }, `${r.id}#${r.round}`)),
        ],
        dispatchAfter(deps),
      );
      await completeOutbox(trx, data.outboxId, data.generation);
      return next;
    });
    if (issues.length > 0) {
      deps.logger.info(
        { learnerId: data.learnerId, framework: framework.id, credentialsDue: issues.length },
        'levels attained',
      );
    }
    await deps.outbox.dispatchCommitted(issues);
  };
}

/**
 * A level whose credential has expired is renewed when the learner attains it again after the
 * expiry: the level's rules (the same policy, data as ever) are met by evidence dated after the
 * credential expired. The renewed round keeps only that evidence.
 */
async function renewExpired(
  trx: Transaction<Database>,
  args: {
    attained: { id: string; levelKey: string; policyVersion: number }[];
    evidence: readonly EvidenceItem[];
    policy: AttainmentPolicy;
    framework: Framework;
    now: Date;
  },
): Promise<{ id: string; round: number }[]> {
  const expired = await findExpiredRounds(
    trx,
    args.attained.map((a) => a.id),
    args.now,
  );
  const renewed: { id: string; round: number }[] = [];
  for (const round of expired) {
    const attainment = args.attained.find((a) => a.id === round.attainmentId);
    if (attainment === undefined) continue;
    const newer = args.evidence.filter((e) => e.occurredAt > round.validUntil);
    const again = evaluate(args.framework, newer, args.policy, args.now);
    if (again.levels.find((l) => l.level === attainment.levelKey)?.attained !== true) continue;
    const codes = new Set(findLevel(args.framework, attainment.levelKey)?.statements.map((s) => s.code));
    const events = again.statements.filter((s) => codes.has(s.code)).flatMap((s) => s.demonstratedBy.slice(-1));
    const ok = await renewAttainment(trx, {
      id: round.attainmentId,
      fromRound: round.round,
      attainedAt: new Date(Math.max(...events.map((e) => e.occurredAt.getTime()), round.validUntil.getTime())),
      recipientSalt: randomBytes(16).toString('hex'),
      evidenceEventIds: [...new Set(events.map((e) => e.eventId))],
      policyVersion: attainment.policyVersion,
    });
    if (ok) renewed.push({ id: round.attainmentId, round: round.round + 1 });
  }
  return renewed;
}
