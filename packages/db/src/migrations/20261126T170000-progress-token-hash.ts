import { sql, type Kysely } from 'kysely';

// Progress links are bearer secrets: keep only their SHA-256 (hex), so a copy of the database or a
// backup does not hand out every agent's page. Existing links keep working: each stored token is
// replaced by its hash in place, and lookups hash what the visitor presents.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update learners set progress_token = encode(sha256(convert_to(progress_token, 'UTF8')), 'hex')
            where progress_token is not null`.execute(db);
  await db.schema.alterTable('learners').renameColumn('progress_token', 'progress_token_hash').execute();
}

// A hash cannot be turned back into its link: going down forgets them (links must be made again).
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('learners').renameColumn('progress_token_hash', 'progress_token').execute();
  await sql`update learners set progress_token = null`.execute(db);
}
