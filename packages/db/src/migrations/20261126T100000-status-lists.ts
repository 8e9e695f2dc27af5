import { sql, type Kysely } from 'kysely';

// Bitstring Status Lists: one row per list, one row per allocated bit. A bit is never freed, so an
// index is never reused; `version` counts bit changes so publishing can tell a stale signed copy.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('issuer_did', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('revocation', 'suspension')`))
    .addColumn('length', 'integer', (c) => c.notNull().check(sql`length >= 131072`))
    .addColumn('full', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('published_version', 'bigint')
    .addColumn('document', 'json')
    .addColumn('valid_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('status_lists_open_idx')
    .on('status_lists')
    .columns(['issuer_did', 'purpose', 'created_at'])
    .where(sql.ref('full'), '=', false)
    .execute();
  await db.schema
    .createTable('status_entries')
    .addColumn('list_id', 'uuid', (c) => c.notNull().references('status_lists.id'))
    .addColumn('idx', 'integer', (c) => c.notNull().check(sql`idx >= 0`))
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('is_set', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reason', 'text')
    .addColumn('changed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('status_entries_pk', ['list_id', 'idx'])
    .addUniqueConstraint('status_entries_credential_purpose_uq', ['credential_id', 'purpose'])
    .execute();
  await db.schema
    .createIndex('status_entries_set_idx')
    .on('status_entries')
    .column('list_id')
    .where(sql.ref('is_set'), '=', true)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_entries').execute();
  await db.schema.dropTable('status_lists').execute();
}
