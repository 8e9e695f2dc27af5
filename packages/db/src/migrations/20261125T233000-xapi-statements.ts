import { sql, type Kysely } from 'kysely';

// Every xAPI statement as received, for duplicate and conflict checks and for voiding. One that
// carries a result for an activity also becomes an assessment event.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('xapi_statements')
    .addColumn('lms_client_id', 'uuid', (c) => c.notNull().references('lms_clients.id'))
    .addColumn('statement_id', 'uuid', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('statement', 'json', (c) => c.notNull())
    .addColumn('voiding', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('voided_by', 'uuid')
    .addColumn('event_id', 'uuid', (c) => c.references('assessment_events.id'))
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('xapi_statements_pk', ['lms_client_id', 'statement_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('xapi_statements').execute();
}
