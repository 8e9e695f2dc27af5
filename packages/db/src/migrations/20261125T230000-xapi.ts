import { sql, type Kysely } from 'kysely';

// xAPI: LMS clients get a Basic-auth key pair, learners may be known by an account instead of an
// e-mail, and a statement can be voided (its evidence retracted).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('lms_clients')
    .addColumn('xapi_key', 'text', (c) => c.unique())
    .addColumn('xapi_secret_hash', 'text')
    .execute();

  // The identity a credential is issued to: an e-mail, or an xAPI account / mbox hash.
  await db.schema
    .alterTable('learners')
    .alterColumn('email', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('learners')
    .addColumn('identity_type', 'text', (c) => c.notNull().defaultTo('emailAddress'))
    .addColumn('identity', 'text')
    .execute();
  await sql`update learners set identity = email`.execute(db);
  await db.schema
    .alterTable('learners')
    .alterColumn('identity', (c) => c.setNotNull())
    .execute();

  await db.schema
    .alterTable('assessment_events')
    .addColumn('completion', 'boolean')
    .addColumn('voided_by', 'text')
    .execute();
  await db.schema.alterTable('assessment_events').dropConstraint('assessment_events_status_ck').execute();
  await db.schema
    .alterTable('assessment_events')
    .addCheckConstraint('assessment_events_status_ck', sql`status in ('received', 'mapped', 'unmapped', 'voided')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assessment_events').dropConstraint('assessment_events_status_ck').execute();
  await db.schema
    .alterTable('assessment_events')
    .addCheckConstraint('assessment_events_status_ck', sql`status in ('received', 'mapped', 'unmapped')`)
    .execute();
  await db.schema.alterTable('assessment_events').dropColumn('voided_by').dropColumn('completion').execute();
  await db.schema.alterTable('learners').dropColumn('identity').dropColumn('identity_type').execute();
  await db.schema.alterTable('lms_clients').dropColumn('xapi_secret_hash').dropColumn('xapi_key').execute();
}
