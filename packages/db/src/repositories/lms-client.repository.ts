import type { Db } from '../connection.js';

export interface LmsClient {
  id: string;
  name: string;
  /** The HMAC secret, sealed with the key-encryption key; open it only to check a signature. */
  hmacSecretSealed: string;
  disabled: boolean;
  createdAt: Date;
}

export async function createLmsClient(db: Db, input: { name: string; hmacSecretSealed: string }): Promise<LmsClient> {
  const row = await db
    .insertInto('lms_clients')
    .values({ name: input.name, hmac_secret_sealed: input.hmacSecretSealed })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    hmacSecretSealed: row.hmac_secret_sealed,
    disabled: false,
    createdAt: row.created_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findLmsClient(db: Db, id: string): Promise<LmsClient | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db.selectFrom('lms_clients').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    name: row.name,
    hmacSecretSealed: row.hmac_secret_sealed,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

export async function listLearnerIdsOfClient(db: Db, lmsClientId: string): Promise<string[]> {
  const rows = await db.selectFrom('learners').select('id').where('lms_client_id', '=', lmsClientId).execute();
  return rows.map((r) => r.id);
}
