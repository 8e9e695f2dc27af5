import { randomBytes } from 'node:crypto';
import type { Db } from '../connection.js';

/** A learner's private progress link token: made once, on first need, 256 random bits. */
export async function progressTokenOf(db: Db, learnerId: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url');
  await db
    .updateTable('learners')
    .set({ progress_token: fresh })
    .where('id', '=', learnerId)
    .where('progress_token', 'is', null)
    .execute();
  const row = await db
    .selectFrom('learners')
    .select('progress_token')
    .where('id', '=', learnerId)
    .executeTakeFirstOrThrow();
  if (row.progress_token === null) throw new Error(`learner ${learnerId} has no progress token`);
  return row.progress_token;
}

export async function findLearnerByProgressToken(
  db: Db,
  token: string,
): Promise<{ id: string; name: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return db.selectFrom('learners').select(['id', 'name']).where('progress_token', '=', token).executeTakeFirst();
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
