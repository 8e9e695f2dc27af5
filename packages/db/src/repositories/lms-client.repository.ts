import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.js';
import type { Db } from '../connection.js';
import { isUuid } from '../uuid.js';

export interface LmsClient {
  id: string;
  name: string;
  /** The HMAC secret, sealed with the key-encryption key; open it only to check a signature. */
  hmacSecretSealed: string;
  /** Public half of the xAPI Basic-auth pair; the secret is kept only as a SHA-256 hash. */
  xapiKey: string | null;
  xapiSecretHash: string | null;
  disabled: boolean;
  createdAt: Date;
  /** Where issued credentials are announced (a signed POST), or null. */
  webhookUrl: string | null;
}

function toClient(row: {
  id: string;
  name: string;
  hmac_secret_sealed: string;
  xapi_key: string | null;
  xapi_secret_hash: string | null;
  disabled_at: Date | null;
  created_at: Date;
  webhook_url: string | null;
}): LmsClient {
  return {
    id: row.id,
    name: row.name,
    hmacSecretSealed: row.hmac_secret_sealed,
    xapiKey: row.xapi_key,
    xapiSecretHash: row.xapi_secret_hash,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    webhookUrl: row.webhook_url,
  };
}

/** Sets (or, with null, removes) the client's webhook; undefined when there is no such client. */
export async function setLmsClientWebhook(db: Db, id: string, url: string | null): Promise<LmsClient | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable('lms_clients')
    .set({ webhook_url: url })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}

export async function createLmsClient(
  db: Db,
  input: { name: string; hmacSecretSealed: string; xapiKey: string; xapiSecretHash: string },
): Promise<LmsClient> {
  const row = await db
    .insertInto('lms_clients')
    .values({
      name: input.name,
      hmac_secret_sealed: input.hmacSecretSealed,
      xapi_key: input.xapiKey,
      xapi_secret_hash: input.xapiSecretHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toClient(row);
}

export async function findLmsClientByXapiKey(db: Db, xapiKey: string): Promise<LmsClient | undefined> {
  const row = await db.selectFrom('lms_clients').selectAll().where('xapi_key', '=', xapiKey).executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}

export async function findLmsClient(db: Db, id: string): Promise<LmsClient | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('lms_clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}

export async function listLearnerIdsOfClient(db: Db, lmsClientId: string): Promise<string[]> {
  const rows = await db.selectFrom('learners').select('id').where('lms_client_id', '=', lmsClientId).execute();
  return rows.map((r) => r.id);
}

export async function listLmsClients(db: Db): Promise<LmsClient[]> {
  const rows = await db.selectFrom('lms_clients').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toClient);
}

export async function setLmsClientDisabled(db: Db, id: string, disabled: boolean): Promise<LmsClient | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable('lms_clients')
    .set({ disabled_at: disabled ? sql<Date>`coalesce(disabled_at, now())` : null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}

/** Replaces every secret of a client at once: the old ones stop working when this commits. */
export async function rotateLmsClientSecrets(
  db: Db,
  id: string,
  secrets: { hmacSecretSealed: string; xapiKey: string; xapiSecretHash: string },
): Promise<LmsClient | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable('lms_clients')
    .set({
      hmac_secret_sealed: secrets.hmacSecretSealed,
      xapi_key: secrets.xapiKey,
      xapi_secret_hash: secrets.xapiSecretHash,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}

/** The LMS client a learner came from (it sent the evidence). */
export async function findLmsClientOfLearner(
  db: Db | Transaction<Database>,
  learnerId: string,
): Promise<LmsClient | undefined> {
  const row = await db
    .selectFrom('lms_clients as c')
    .innerJoin('learners as l', 'l.lms_client_id', 'c.id')
    .selectAll('c')
    .where('l.id', '=', learnerId)
    .executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}
