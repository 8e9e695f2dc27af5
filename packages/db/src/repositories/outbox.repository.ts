import { sql, type Transaction } from 'kysely';
import type { Db } from '../connection.js';
import type { Database } from '../database.js';
import { isUuid } from '../uuid.js';

/** A durable piece of work: it stays until the processor that owns it commits its effect. */
export interface OutboxItem {
  id: string;
  topic: string;
  jobKey: string;
  generation: number;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Work to add, built by the caller (the pipeline's stage registry knows the topics; this package
 * does not name any).
 */
export interface NewOutboxItem {
  topic: string;
  jobKey: string;
  payload: Record<string, unknown>;
}

/** Builds the work that maps one stored assessment event. */
export type MapEventWork = (eventId: string) => NewOutboxItem;

/** Builds the work that evaluates one learner against one framework version. */
export type EvaluateLearnerWork = (learnerId: string, frameworkId: string, version: string) => NewOutboxItem;

type Executor = Db | Transaction<Database>;

const columns = ['id', 'topic', 'job_key', 'generation', 'payload', 'attempts'] as const;

function toItem(row: {
  id: string;
  topic: string;
  job_key: string;
  generation: number;
  payload: Record<string, unknown>;
  attempts: number;
}): OutboxItem {
  return {
    id: row.id,
    topic: row.topic,
    jobKey: row.job_key,
    generation: row.generation,
    payload: row.payload,
    attempts: row.attempts,
  };
}

/**
 * Adds work. When the same (topic, key) is already pending, its generation is bumped instead,
 * so the pending job is run again after whatever run is in flight (it may have read old data).
 * `availableAt` is when the relay may re-drive it if no worker has finished it by then.
 */
export async function enqueueOutbox(
  db: Executor,
  items: readonly NewOutboxItem[],
  availableAt: Date,
): Promise<OutboxItem[]> {
  if (items.length === 0) return [];
  const rows = await db
    .insertInto('outbox')
    .values(
      items.map((item) => ({
        topic: item.topic,
        job_key: item.jobKey,
        payload: JSON.stringify(item.payload),
        available_at: availableAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['topic', 'job_key']).doUpdateSet({
        generation: sql<number>`outbox.generation + 1`,
        available_at: availableAt,
      }),
    )
    .returning(columns)
    .execute();
  return rows.map(toItem);
}

/**
 * Marks the run of a job as begun, if the job still speaks for its outbox row; false once the row
 * was re-requested (a newer generation, whose job will see everything this one would) or finished
 * by a newer job. Committed on its own, before the run reads anything: see completeAndRequest.
 */
export async function beginOutboxRun(db: Executor, id: string, generation: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ started_generation: generation })
    .where('id', '=', id)
    .where('generation', '=', generation)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Finishes a job's outbox row and asks for follow-up work whose input the job has already
 * committed (evidence, for an evaluation). If that work is pending and its current run has not
 * begun, the run will read the committed input: its row is left alone, and unlocked, which matters
 * for a row that every result of a learner asks for; then finishing is one statement. Otherwise
 * the row is bumped (or created) as by enqueueOutbox, in one transaction with the finish. Returns
 * the work to dispatch.
 */
export async function completeAndRequest(
  db: Db,
  done: { id: string; generation: number },
  items: readonly NewOutboxItem[],
  availableAt: Date,
): Promise<OutboxItem[]> {
  const wanted: NewOutboxItem[] = [];
  for (const item of items) {
    const row = await db
      .selectFrom('outbox')
      .select(['generation', 'started_generation'])
      .where('topic', '=', item.topic)
      .where('job_key', '=', item.jobKey)
      .where('dead_at', 'is', null)
      .executeTakeFirst();
    if (row === undefined || row.started_generation === row.generation) wanted.push(item);
  }
  if (wanted.length === 0) {
    await completeOutbox(db, done.id, done.generation);
    return [];
  }
  return db.transaction().execute(async (trx) => {
    await completeOutbox(trx, done.id, done.generation);
    // Last: the lock on the bumped row is held only until the commit.
    return enqueueOutbox(trx, wanted, availableAt);
  });
}

/** Marks work finished, unless it was re-requested (generation bumped) while it ran. */
export async function completeOutbox(db: Executor, id: string, generation: number): Promise<boolean> {
  const result = await db
    .deleteFrom('outbox')
    .where('id', '=', id)
    .where('generation', '=', generation)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Takes the work that is due (nobody finished it in time: Redis lost it, a worker died, or it
 * was never enqueued) and pushes its next due time back with exponential backoff, so that
 * several relays never re-drive the same rows at once.
 */
export async function claimDueOutbox(
  db: Db,
  now: Date,
  limit: number,
  retryAfterMs: number,
  maxBackoffMs = 900_000,
): Promise<OutboxItem[]> {
  const rows = await db
    .updateTable('outbox')
    .set({
      attempts: sql<number>`attempts + 1`,
      // Backoff doubles from retryAfterMs up to maxBackoffMs (15 minutes by default); the exponent is capped first so that a
      // row re-driven for months never overflows.
      available_at: sql<Date>`${now}::timestamptz + make_interval(secs => least(${retryAfterMs / 1000}::float8 * power(2, least(attempts, 10)), ${maxBackoffMs / 1000}::float8))`,
    })
    .where(
      'id',
      'in',
      db
        .selectFrom('outbox')
        .select('id')
        .where('dead_at', 'is', null)
        .where('available_at', '<=', now)
        .orderBy('available_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(columns)
    .execute();
  return rows.map(toItem);
}

/**
 * Counts a failed run of a piece of work and remembers why. After `maxFailures` it is poison: set
 * aside (the dead-letter list) instead of being re-driven. A job merely waiting its turn, however
 * long, never counts: only failures do. Returns true when this failure set it aside.
 */
export async function recordOutboxFailure(db: Db, id: string, error: string, maxFailures: number): Promise<boolean> {
  if (!isUuid(id)) return false;
  const row = await db
    .updateTable('outbox')
    .set({
      failures: sql<number>`failures + 1`,
      last_error: error.slice(0, 2000),
      dead_at: sql<Date | null>`case when failures + 1 >= ${maxFailures}::int then now() end`,
    })
    .where('id', '=', id)
    .where('dead_at', 'is', null)
    .returning('dead_at')
    .executeTakeFirst();
  return row !== undefined && row.dead_at !== null;
}

export interface DeadLetter extends OutboxItem {
  failures: number;
  lastError: string | null;
  deadAt: Date;
  createdAt: Date;
}

/** The dead-letter list: work set aside after too many attempts, newest first. */
export async function listDeadLetters(db: Db, limit = 100): Promise<DeadLetter[]> {
  const rows = await db
    .selectFrom('outbox')
    .select([...columns, 'failures', 'last_error', 'dead_at', 'created_at'])
    .where('dead_at', 'is not', null)
    .orderBy('dead_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...toItem(r),
    failures: r.failures,
    lastError: r.last_error,
    deadAt: r.dead_at ?? new Date(0),
    createdAt: r.created_at,
  }));
}

/** Puts dead work back in line (attempts start over); undefined unless it was dead. */
export async function redriveDeadLetter(db: Db, id: string, now: Date): Promise<OutboxItem | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable('outbox')
    .set({ dead_at: null, attempts: 0, failures: 0, available_at: now, generation: sql<number>`generation + 1` })
    .where('id', '=', id)
    .where('dead_at', 'is not', null)
    .returning(columns)
    .executeTakeFirst();
  return row === undefined ? undefined : toItem(row);
}

/** Work still to do (dead letters wait for an operator, so they are not counted). */
export async function countOutbox(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .where('dead_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
