import { sql, type Transaction } from 'kysely';
import type { Db } from '../connection.js';
import type { Database } from '../database.js';
import { isUuid } from '../uuid.js';

type Executor = Db | Transaction<Database>;
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One announcement of one issued credential on one channel, tracked until delivered or given up. */
export interface Delivery {
  id: string;
  /** A delivery channel's name; which names exist is the channel registry's business, not the database's. */
  channel: string;
  credentialId: string;
  lmsClientId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

function toDelivery(row: {
  id: string;
  channel: string;
  credential_id: string;
  lms_client_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}): Delivery {
  return {
    id: row.id,
    channel: row.channel,
    credentialId: row.credential_id,
    lmsClientId: row.lms_client_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

/** Records the deliveries due for a credential (once per channel: a re-run adds none). */
export async function createDeliveries(
  trx: Transaction<Database>,
  credentialId: string,
  channels: readonly { channel: string; lmsClientId: string | null }[],
): Promise<string[]> {
  if (channels.length === 0) return [];
  const rows = await trx
    .insertInto('deliveries')
    .values(channels.map((c) => ({ channel: c.channel, credential_id: credentialId, lms_client_id: c.lmsClientId })))
    .onConflict((oc) => oc.columns(['channel', 'credential_id']).doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function findDelivery(db: Executor, id: string): Promise<Delivery | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toDelivery(row);
}

export async function markDelivered(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'delivered',
      delivered_at: at,
      updated_at: at,
      attempts: sql<number>`attempts + 1`,
      last_error: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Counts a failed attempt; `dead` gives up on it (it then shows in the dead-letter list). */
export async function markAttemptFailed(
  db: Executor,
  id: string,
  failure: { error: string; dead: boolean; at: Date },
): Promise<number> {
  const row = await db
    .updateTable('deliveries')
    .set({
      attempts: sql<number>`attempts + 1`,
      last_error: failure.error.slice(0, 1000),
      updated_at: failure.at,
      ...(failure.dead ? { status: 'dead' as const } : {}),
    })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function listDeliveries(
  db: Executor,
  filter: { status?: DeliveryStatus; credentialId?: string; limit?: number } = {},
): Promise<Delivery[]> {
  let query = db
    .selectFrom('deliveries')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.credentialId !== undefined) query = query.where('credential_id', '=', filter.credentialId);
  return (await query.execute()).map(toDelivery);
}

/** Puts a dead delivery back in line (its attempts start again); false unless it was dead. */
export async function reviveDelivery(trx: Transaction<Database>, id: string, at: Date): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await trx
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
