import { sql, type Kysely } from 'kysely';

// Poison work: after too many failed runs an outbox row is set aside (dead) with its last error,
// instead of being re-driven for ever; an operator can re-drive it.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('dead_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('outbox_dead_idx')
    .on('outbox')
    .column('dead_at')
    .where(sql.ref('dead_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('dead_at').dropColumn('last_error').dropColumn('failures').execute();
}
