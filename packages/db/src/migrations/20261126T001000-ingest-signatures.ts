import { sql, type Kysely } from 'kysely';

// Signatures of accepted native-webhook requests, kept for longer than the timestamp window, so
// that a captured request sent again inside the window is refused.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ingest_signatures')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('ingest_signatures_seen_idx').on('ingest_signatures').column('seen_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ingest_signatures').execute();
}
