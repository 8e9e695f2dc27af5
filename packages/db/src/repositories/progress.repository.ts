import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../connection.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * A new private progress link token for a learner (256 random bits). Only its SHA-256 is stored, so
 * the link cannot be read back: each call makes a new one and the learner's earlier link stops working.
 */
export async function issueProgressToken(db: Db, learnerId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const updated = await db
    .updateTable('learners')
    .set({ progress_token_hash: hashOf(token) })
    .where('id', '=', learnerId)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new Error(`no learner ${learnerId}`);
  return token;
}

export async function findLearnerByProgressToken(
  db: Db,
  token: string,
): Promise<{ id: string; name: string } | undefined> {
  if (!TOKEN.test(token)) return undefined;
  return db
    .selectFrom('learners')
    .select(['id', 'name'])
    .where('progress_token_hash', '=', hashOf(token))
    .executeTakeFirst();
}

/** The frameworks a learner has evidence in, newest version first. */
export async function learnerFrameworks(
  db: Db,
  learnerId: string,
): Promise<{ frameworkId: string; version: string }[]> {
  const rows = await db
    .selectFrom('evidence')
    .select(['framework_id', 'version'])
    .where('learner_id', '=', learnerId)
    .groupBy(['framework_id', 'version'])
    .orderBy('framework_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ frameworkId: r.framework_id, version: r.version }));
}

export async function findLearnerIdsByEmail(db: Db, email: string): Promise<string[]> {
  const rows = await db.selectFrom('learners').select('id').where('email', '=', email.trim().toLowerCase()).execute();
  return rows.map((r) => r.id);
}
