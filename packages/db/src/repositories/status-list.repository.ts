import { randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../connection.js';
import type { Database } from '../database.js';
import { isUuid } from '../uuid.js';

type Executor = Db | Transaction<Database>;
export type StatusPurpose = 'revocation' | 'suspension';

export interface StatusEntry {
  listId: string;
  index: number;
  purpose: StatusPurpose;
  credentialId: string;
  isSet: boolean;
  reason: string | null;
  changedAt: Date | null;
}

export interface StatusListRow {
  id: string;
  issuerDid: string;
  purpose: StatusPurpose;
  length: number;
  version: bigint;
  publishedVersion: bigint | null;
  document: Record<string, unknown> | null;
  validUntil: Date | null;
}

const RANDOM_TRIES = 16;

/**
 * Gives the credential a bit in an open list of the issuer for each purpose, inside the issuing
 * transaction. Indexes are drawn at random (a list's order says nothing about issue order) and never
 * freed; a credential that already has an entry (a correction) keeps it.
 */
export async function allocateStatusEntries(
  trx: Transaction<Database>,
  args: { credentialId: string; issuerDid: string; purposes: readonly StatusPurpose[]; listLength: number },
): Promise<StatusEntry[]> {
  const entries: StatusEntry[] = [];
  for (const purpose of args.purposes) {
    const existing = await trx
      .selectFrom('status_entries')
      .selectAll()
      .where('credential_id', '=', args.credentialId)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    if (existing !== undefined) {
      entries.push(toEntry(existing));
      continue;
    }
    entries.push(await allocateOne(trx, { ...args, purpose }));
  }
  return entries;
}

async function allocateOne(
  trx: Transaction<Database>,
  args: { credentialId: string; issuerDid: string; purpose: StatusPurpose; listLength: number },
): Promise<StatusEntry> {
  for (;;) {
    const list = await openList(trx, args);
    for (let attempt = 0; attempt < RANDOM_TRIES; attempt++) {
      const entry = await claim(trx, list, randomInt(list.length), args);
      if (entry !== undefined) return entry;
    }
    // Nearly full: take the first free index after a random starting point, wrapping around.
    const start = randomInt(list.length);
    const free = await sql<{ idx: number }>`
      select g.idx from (
        select generate_series(${start}::int, ${list.length - 1}::int) as idx
        union all select generate_series(0, ${start - 1}::int)
      ) g
      where not exists (select 1 from status_entries e where e.list_id = ${list.id} and e.idx = g.idx)
      limit 1`.execute(trx);
    const idx = free.rows[0]?.idx;
    const entry = idx === undefined ? undefined : await claim(trx, list, idx, args);
    if (entry !== undefined) return entry;
    if (idx === undefined)
      await trx.updateTable('status_lists').set({ full: true }).where('id', '=', list.id).execute();
  }
}

async function claim(
  trx: Transaction<Database>,
  list: { id: string },
  idx: number,
  args: { credentialId: string; purpose: StatusPurpose },
): Promise<StatusEntry | undefined> {
  const row = await trx
    .insertInto('status_entries')
    .values({ list_id: list.id, idx, credential_id: args.credentialId, purpose: args.purpose })
    .onConflict((oc) => oc.columns(['list_id', 'idx']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toEntry(row);
}

/** The issuer's open list for the purpose; the first caller to find none creates it. */
async function openList(
  trx: Transaction<Database>,
  args: { issuerDid: string; purpose: StatusPurpose; listLength: number },
): Promise<{ id: string; length: number }> {
  const find = () =>
    trx
      .selectFrom('status_lists')
      .select(['id', 'length'])
      .where('issuer_did', '=', args.issuerDid)
      .where('purpose', '=', args.purpose)
      .where('full', '=', false)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  const found = await find();
  if (found !== undefined) return found;
  await sql`select pg_advisory_xact_lock(hashtext(${`status-list:${args.issuerDid}:${args.purpose}`}))`.execute(trx);
  const raced = await find();
  if (raced !== undefined) return raced;
  return trx
    .insertInto('status_lists')
    .values({ issuer_did: args.issuerDid, purpose: args.purpose, length: args.listLength })
    .returning(['id', 'length'])
    .executeTakeFirstOrThrow();
}

export async function findStatusEntries(db: Executor, credentialId: string): Promise<StatusEntry[]> {
  const rows = await db
    .selectFrom('status_entries')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .orderBy('purpose')
    .execute();
  return rows.map(toEntry);
}

/** Locks a credential's entries for a status change in this transaction. */
export async function lockStatusEntries(trx: Transaction<Database>, credentialId: string): Promise<StatusEntry[]> {
  const rows = await trx
    .selectFrom('status_entries')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .orderBy('purpose')
    .forUpdate()
    .execute();
  return rows.map(toEntry);
}

/** Sets or clears one bit and bumps its list's version, so the signed copy is known to be stale. */
export async function setStatusBit(
  trx: Transaction<Database>,
  entry: { listId: string; index: number },
  change: { isSet: boolean; reason: string; at: Date },
): Promise<void> {
  await trx
    .updateTable('status_entries')
    .set({ is_set: change.isSet, reason: change.reason, changed_at: change.at })
    .where('list_id', '=', entry.listId)
    .where('idx', '=', entry.index)
    .execute();
  await trx
    .updateTable('status_lists')
    .set({ version: sql<string>`version + 1` })
    .where('id', '=', entry.listId)
    .execute();
}

export async function findStatusList(db: Executor, id: string): Promise<StatusListRow | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toList(row);
}

export async function setIndexesOf(db: Executor, listId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('status_entries')
    .select('idx')
    .where('list_id', '=', listId)
    .where('is_set', '=', true)
    .execute();
  return rows.map((r) => r.idx);
}

/**
 * Stores a newly signed copy unless a newer one (signed from a later version) is already stored:
 * two publishers racing never put an older list back.
 */
export async function saveSignedStatusList(
  db: Executor,
  args: { id: string; version: bigint; document: Record<string, unknown>; validUntil: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('status_lists')
    .set({
      published_version: args.version.toString(),
      document: JSON.stringify(args.document),
      valid_until: args.validUntil,
    })
    .where('id', '=', args.id)
    .where((eb) =>
      eb.or([
        eb('published_version', 'is', null),
        eb('published_version', '<', args.version.toString()),
        eb.and([eb('published_version', '=', args.version.toString()), eb('valid_until', '<', args.validUntil)]),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Lists whose signed copy is missing, stale, or expires before `refreshBefore`, leaving out those
 * with a pending outbox row of `publishTopic` (keyed by the list's id).
 */
export async function statusListsToPublish(
  db: Executor,
  refreshBefore: Date,
  publishTopic: string,
  limit = 100,
): Promise<string[]> {
  const rows = await db
    .selectFrom('status_lists')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('published_version', 'is', null),
        eb('published_version', '<', eb.ref('version')),
        eb('valid_until', '<', refreshBefore),
      ]),
    )
    // Already waiting for a publisher: queueing it again would only re-sign it twice.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox')
            .select('id')
            .where('topic', '=', publishTopic)
            .whereRef('job_key', '=', sql<string>`status_lists.id::text`),
        ),
      ),
    )
    .orderBy('valid_until', (ob) => ob.asc().nullsFirst())
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

function toEntry(row: {
  list_id: string;
  idx: number;
  credential_id: string;
  purpose: StatusPurpose;
  is_set: boolean;
  reason: string | null;
  changed_at: Date | null;
}): StatusEntry {
  return {
    listId: row.list_id,
    index: row.idx,
    purpose: row.purpose,
    credentialId: row.credential_id,
    isSet: row.is_set,
    reason: row.reason,
    changedAt: row.changed_at,
  };
}

function toList(row: {
  id: string;
  issuer_did: string;
  purpose: StatusPurpose;
  length: number;
  version: string;
  published_version: string | null;
  document: Record<string, unknown> | null;
  valid_until: Date | null;
}): StatusListRow {
  return {
    id: row.id,
    issuerDid: row.issuer_did,
    purpose: row.purpose,
    length: row.length,
    version: BigInt(row.version),
    publishedVersion: row.published_version === null ? null : BigInt(row.published_version),
    document: row.document,
    validUntil: row.valid_until,
  };
}
