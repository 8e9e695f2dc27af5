import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.js';
import { lockActivity } from './activity-mapping.repository.js';
import { enqueueOutbox, type EvaluateLearnerWork, type OutboxItem } from './outbox.repository.js';

type Trx = Transaction<Database>;

export interface StoredStatement {
  statementId: string;
  contentHash: string;
  voiding: boolean;
  eventId: string | null;
}

export interface NewStatement {
  statementId: string;
  contentHash: string;
  statement: unknown;
  /** For a voiding statement: the statement it voids. */
  voidsTarget: string | null;
  eventId: string | null;
}

export async function findXapiStatements(
  trx: Trx,
  lmsClientId: string,
  statementIds: readonly string[],
): Promise<Map<string, StoredStatement>> {
  if (statementIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('xapi_statements')
    .select(['statement_id', 'content_hash', 'voiding', 'event_id'])
    .where('lms_client_id', '=', lmsClientId)
    .where('statement_id', 'in', statementIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.statement_id,
      { statementId: r.statement_id, contentHash: r.content_hash, voiding: r.voiding, eventId: r.event_id },
    ]),
  );
}

export async function insertXapiStatements(
  trx: Trx,
  lmsClientId: string,
  statements: readonly NewStatement[],
): Promise<void> {
  if (statements.length === 0) return;
  await trx
    .insertInto('xapi_statements')
    .values(
      statements.map((s) => ({
        lms_client_id: lmsClientId,
        statement_id: s.statementId,
        content_hash: s.contentHash,
        statement: JSON.stringify(s.statement),
        voiding: s.voidsTarget !== null,
        voids_target: s.voidsTarget,
        event_id: s.eventId,
      })),
    )
    .execute();
}

/**
 * Serialises requests that carry the same statement ids (an LMS retrying after a timeout sends
 * the same batch twice at once): the second then finds the first's statements stored.
 */
export async function lockStatementIds(trx: Trx, lmsClientId: string, statementIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(statementIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtext(${`${lmsClientId} ${id}`}))`.execute(trx);
  }
}

/** Voiding statements already stored for any of these statement ids (which arrived first). */
export async function findEarlierVoiders(
  trx: Trx,
  lmsClientId: string,
  statementIds: readonly string[],
): Promise<Map<string, string>> {
  if (statementIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('xapi_statements')
    .select(['statement_id', 'voids_target'])
    .where('lms_client_id', '=', lmsClientId)
    .where('voids_target', 'in', statementIds)
    .execute();
  return new Map(
    rows.flatMap((r) => (r.voids_target === null ? [] : [[r.voids_target, r.statement_id] as [string, string]])),
  );
}

/**
 * Voids a statement: its assessment event stops counting, its evidence is retracted and the
 * learner is evaluated again. A target this client never sent changes nothing (xAPI says an LRS
 * should accept such a voiding statement anyway).
 */
export async function voidXapiStatement(
  trx: Trx,
  input: {
    lmsClientId: string;
    targetId: string;
    voidingId: string;
    dispatchAfter: Date;
    evaluateWork: EvaluateLearnerWork;
  },
): Promise<OutboxItem[]> {
  const target = await trx
    .updateTable('xapi_statements')
    .set({ voided_by: input.voidingId })
    .where('lms_client_id', '=', input.lmsClientId)
    .where('statement_id', '=', input.targetId)
    .returning('event_id')
    .executeTakeFirst();
  if (target?.event_id == null) return [];
  const event = await trx
    .selectFrom('assessment_events')
    .select('activity_id')
    .where('id', '=', target.event_id)
    .executeTakeFirstOrThrow();
  // The same lock as mapping: a map job in flight sees either the event voided or its evidence.
  await lockActivity(trx, event.activity_id);
  await trx
    .updateTable('assessment_events')
    .set({ status: 'voided', voided_by: input.voidingId })
    .where('id', '=', target.event_id)
    .execute();
  const retracted = await trx
    .deleteFrom('evidence')
    .where('event_id', '=', target.event_id)
    .returning(['learner_id', 'framework_id', 'version'])
    .execute();
  const affected = new Map(retracted.map((r) => [`${r.learner_id} ${r.framework_id} ${r.version}`, r]));
  return enqueueOutbox(
    trx,
    [...affected.values()].map((r) => input.evaluateWork(r.learner_id, r.framework_id, r.version)),
    input.dispatchAfter,
  );
}
