import { sql, type Kysely } from 'kysely';

// Agents get a private progress link; issued credentials are announced by e-mail and by a webhook
// to the LMS client, each delivery tracked until delivered or given up (the dead-letter list).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('learners')
    .addColumn('progress_token', 'text', (c) => c.unique())
    .execute();
  await db.schema.alterTable('lms_clients').addColumn('webhook_url', 'text').execute();
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credentials.id'))
    .addColumn('lms_client_id', 'uuid', (c) => c.references('lms_clients.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'delivered', 'dead')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addUniqueConstraint('deliveries_channel_credential_uq', ['channel', 'credential_id'])
    .execute();
  await db.schema.createIndex('deliveries_status_idx').on('deliveries').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deliveries').execute();
  await db.schema.alterTable('lms_clients').dropColumn('webhook_url').execute();
  await db.schema.alterTable('learners').dropColumn('progress_token').execute();
}
