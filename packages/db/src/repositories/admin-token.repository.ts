import { sql } from 'kysely';
import type { Db } from '../connection.js';

export interface AdminToken {
  id: string;
  name: string;
  createdAt: Date;
  revoked: boolean;
}

export async function createAdminToken(db: Db, input: { name: string; tokenHash: string }): Promise<AdminToken> {
  const row = await db
    .insertInto('admin_tokens')
    .values({ name: input.name, token_hash: input.tokenHash })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, createdAt: row.created_at, revoked: false };
}

/** The unrevoked token with this hash, if any. */
export async function findActiveAdminToken(db: Db, tokenHash: string): Promise<AdminToken | undefined> {
  const row = await db
    .selectFrom('admin_tokens')
    .select(['id', 'name', 'created_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, name: row.name, createdAt: row.created_at, revoked: false };
}

export async function revokeAdminToken(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('admin_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listAdminTokens(db: Db): Promise<AdminToken[]> {
  const rows = await db
    .selectFrom('admin_tokens')
    .select(['id', 'name', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, revoked: r.revoked_at !== null }));
}
