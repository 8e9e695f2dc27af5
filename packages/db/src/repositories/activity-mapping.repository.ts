import { sql, type Transaction } from 'kysely';
import type { Db } from '../connection.js';
import type { Database } from '../database.js';
import { enqueueOutbox, type MapEventWork, type OutboxItem } from './outbox.repository.js';

export interface ActivityMapping {
  activityId: string;
  frameworkId: string;
  version: string;
  statements: string[];
}

export class UnknownStatementCodesError extends Error {
  constructor(
    readonly activityId: string,
    readonly codes: string[],
    framework: string,
  ) {
    super(`mapping for ${activityId}: ${framework} has no statement ${codes.join(', ')}`);
    this.name = 'UnknownStatementCodesError';
  }
}

/**
 * Adds mappings (existing ones are kept) and hands parked events of the newly mapped activities
 * back to the pipeline, so results that arrived before their mapping still count.
 */
export async function saveActivityMappings(
  db: Db,
  mappings: readonly ActivityMapping[],
  dispatchAfter: Date,
  mapWork: MapEventWork,
): Promise<{ added: number; requeued: OutboxItem[] }> {
  return db.transaction().execute(async (trx) => {
    // In sorted order, so that two imports never wait on each other crosswise.
    for (const activityId of [...new Set(mappings.map((m) => m.activityId))].sort())
      await lockActivity(trx, activityId);
    let added = 0;
    const changed = new Set<string>();
    for (const m of mappings) {
      const known = await trx
        .selectFrom('statements')
        .select('code')
        .where('framework_id', '=', m.frameworkId)
        .where('version', '=', m.version)
        .where('code', 'in', m.statements)
        .execute();
      const knownCodes = new Set(known.map((k) => k.code));
      const unknown = m.statements.filter((c) => !knownCodes.has(c));
      if (unknown.length > 0)
        throw new UnknownStatementCodesError(m.activityId, unknown, `${m.frameworkId} ${m.version}`);
      const inserted = await trx
        .insertInto('activity_mappings')
        .values(
          m.statements.map((code) => ({
            activity_id: m.activityId,
            framework_id: m.frameworkId,
            version: m.version,
            statement_code: code,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning('statement_code')
        .execute();
      added += inserted.length;
      if (inserted.length > 0) changed.add(m.activityId);
    }
    const activities = [...changed];
    // Mapped events of a changed activity are re-mapped too: a new statement adds evidence.
    // Voided events stay voided.
    const events =
      activities.length === 0
        ? []
        : await trx
            .updateTable('assessment_events')
            .set({ status: 'received' })
            .where('activity_id', 'in', activities)
            .where('status', '!=', 'voided')
            .returning('id')
            .execute();
    const requeued: OutboxItem[] = [];
    // In chunks: one insert may bind at most 65,535 parameters.
    for (let start = 0; start < events.length; start += 5000) {
      requeued.push(
        ...(await enqueueOutbox(
          trx,
          events.slice(start, start + 5000).map((e) => mapWork(e.id)),
          dispatchAfter,
        )),
      );
    }
    return { added, requeued };
  });
}

/**
 * Serialises mapping an event against importing mappings for its activity: without it, an event
 * mapped (and found unmapped) while an import is in flight would stay parked for good.
 */
export async function lockActivity(trx: Transaction<Database>, activityId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${activityId}))`.execute(trx);
}

export async function findMappingsForActivity(
  db: Db | Transaction<Database>,
  activityId: string,
): Promise<{ frameworkId: string; version: string; statementCode: string }[]> {
  const rows = await db
    .selectFrom('activity_mappings')
    .select(['framework_id', 'version', 'statement_code'])
    .where('activity_id', '=', activityId)
    .orderBy('framework_id')
    .orderBy('version')
    .orderBy('statement_code')
    .execute();
  return rows.map((r) => ({ frameworkId: r.framework_id, version: r.version, statementCode: r.statement_code }));
}
