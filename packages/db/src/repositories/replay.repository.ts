import { sql } from 'kysely';
import type { Db } from '../connection.js';
import { enqueueOutbox, type MapEventWork, type OutboxItem } from './outbox.repository.js';

export interface ReplayFilter {
  learnerIds?: readonly string[];
  framework?: { id: string; version: string };
}

/**
 * Hands stored events back to the pipeline, as after a mapping or policy change: each is mapped
 * again (evidence is only ever added) and its learner is evaluated under the policy in force. What
 * is newly earned is issued; an attainment that has a credential never gets a second one.
 * Voided events stay out. Works in chunks so that a replay of everything never holds one huge
 * transaction.
 */
export async function requeueEventsForReplay(
  db: Db,
  filter: ReplayFilter,
  dispatchAfter: Date,
  mapWork: MapEventWork,
  chunk = 1000,
): Promise<{ work: OutboxItem[]; learnerIds: string[] }> {
  let query = db
    .selectFrom('assessment_events as e')
    .select(['e.id', 'e.learner_id'])
    .where('e.status', '!=', 'voided');
  if (filter.learnerIds !== undefined) {
    if (filter.learnerIds.length === 0) return { work: [], learnerIds: [] };
    query = query.where('e.learner_id', 'in', filter.learnerIds);
  }
  if (filter.framework !== undefined) {
    const { id, version } = filter.framework;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('activity_mappings as m')
          .select(sql`1`.as('one'))
          .whereRef('m.activity_id', '=', 'e.activity_id')
          .where('m.framework_id', '=', id)
          .where('m.version', '=', version),
      ),
    );
  }
  const events = await query.orderBy('e.id').execute();
  const work: OutboxItem[] = [];
  for (let start = 0; start < events.length; start += chunk) {
    const ids = events.slice(start, start + chunk).map((e) => e.id);
    work.push(
      ...(await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assessment_events')
          .set({ status: 'received' })
          .where('id', 'in', ids)
          .where('status', '!=', 'voided')
          .execute();
        return enqueueOutbox(trx, ids.map(mapWork), dispatchAfter);
      })),
    );
  }
  return { work, learnerIds: [...new Set(events.map((e) => e.learner_id))] };
}

const CHUNK = 10_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

/**
 * How much of a replay is still pending: its map rows, then the evaluations and issues they cause.
 * `topics` names the evaluation work (payload `learnerId`) and the issue work (payload
 * `attainmentId`).
 */
export async function pendingReplayWork(
  db: Db,
  outboxIds: readonly string[],
  learnerIds: readonly string[],
  topics: { evaluate: string; issue: string },
): Promise<{ mapping: number; downstream: number }> {
  let mapping = 0;
  let downstream = 0;
  // In chunks: a statement may bind at most 65,535 parameters.
  for (const ids of chunks(outboxIds)) {
    const row = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    mapping += Number(row.n);
  }
  for (const ids of chunks(learnerIds)) {
    const evaluate = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('topic', '=', topics.evaluate)
      .where(sql<string>`payload->>'learnerId'`, 'in', ids)
      .executeTakeFirstOrThrow();
    const issue = await db
      .selectFrom('outbox as o')
      .innerJoin('attainments as a', (join) => join.on(sql`a.id::text`, '=', sql`o.payload->>'attainmentId'`))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('o.topic', '=', topics.issue)
      .where('a.learner_id', 'in', ids)
      .executeTakeFirstOrThrow();
    downstream += Number(evaluate.n) + Number(issue.n);
  }
  return { mapping, downstream };
}

export async function countCredentialsOfLearners(db: Db, learnerIds: readonly string[]): Promise<number> {
  let total = 0;
  for (const ids of chunks(learnerIds)) {
    const row = await db
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('learner_id', 'in', ids)
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

export async function findLearnerIds(db: Db, by: { lmsUserId?: string; email?: string }): Promise<string[]> {
  let query = db.selectFrom('learners').select('id');
  if (by.lmsUserId !== undefined) query = query.where('lms_user_id', '=', by.lmsUserId);
  if (by.email !== undefined) query = query.where('email', '=', by.email.trim().toLowerCase());
  return (await query.execute()).map((r) => r.id);
}
