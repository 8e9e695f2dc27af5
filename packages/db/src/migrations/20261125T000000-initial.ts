import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> and free of app imports: a migration is frozen once shipped.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // Documents are `json`, not `jsonb`: jsonb reorders object keys, and both a framework's level
  // order and a signed credential's exact bytes must come back as they went in.
  await db.schema
    .createTable('frameworks')
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document', 'json', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('frameworks_pk', ['framework_id', 'version'])
    .execute();

  await db.schema
    .createTable('statements')
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('level_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('statements_pk', ['framework_id', 'version', 'code'])
    .addForeignKeyConstraint('statements_framework_fk', ['framework_id', 'version'], 'frameworks', [
      'framework_id',
      'version',
    ])
    .execute();

  await db.schema
    .createTable('attainment_policies')
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('policy', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('attainment_policies_pk', ['framework_id', 'version'])
    .addForeignKeyConstraint('attainment_policies_framework_fk', ['framework_id', 'version'], 'frameworks', [
      'framework_id',
      'version',
    ])
    .execute();

  await db.schema
    .createTable('lms_clients')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hmac_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('learners')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('lms_client_id', 'uuid', (c) => c.notNull().references('lms_clients.id'))
    .addColumn('lms_user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('learners_client_user_uq', ['lms_client_id', 'lms_user_id'])
    .execute();
  await db.schema.createIndex('learners_email_idx').on('learners').column('email').execute();

  await db.schema
    .createTable('assessment_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('lms_client_id', 'uuid', (c) => c.notNull().references('lms_clients.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('learner_id', 'uuid', (c) => c.notNull().references('learners.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('score_scaled', 'double precision')
    .addColumn('score_raw', 'double precision')
    .addColumn('score_min', 'double precision')
    .addColumn('score_max', 'double precision')
    .addColumn('passed', 'boolean')
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('assessment_events_client_event_uq', ['lms_client_id', 'event_id'])
    .addCheckConstraint('assessment_events_status_ck', sql`status in ('received', 'mapped', 'unmapped')`)
    .execute();
  await db.schema
    .createIndex('assessment_events_activity_idx')
    .on('assessment_events')
    .columns(['activity_id', 'status'])
    .execute();
  await db.schema.createIndex('assessment_events_learner_idx').on('assessment_events').column('learner_id').execute();

  await db.schema
    .createTable('activity_mappings')
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('statement_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('activity_mappings_pk', ['activity_id', 'framework_id', 'version', 'statement_code'])
    .addForeignKeyConstraint(
      'activity_mappings_statement_fk',
      ['framework_id', 'version', 'statement_code'],
      'statements',
      ['framework_id', 'version', 'code'],
    )
    .execute();

  await db.schema
    .createTable('evidence')
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('assessment_events.id'))
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('statement_code', 'text', (c) => c.notNull())
    .addColumn('learner_id', 'uuid', (c) => c.notNull().references('learners.id'))
    .addColumn('passed', 'boolean')
    .addColumn('score_scaled', 'double precision')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_pk', ['event_id', 'framework_id', 'version', 'statement_code'])
    .addForeignKeyConstraint('evidence_statement_fk', ['framework_id', 'version', 'statement_code'], 'statements', [
      'framework_id',
      'version',
      'code',
    ])
    .execute();
  await db.schema
    .createIndex('evidence_learner_idx')
    .on('evidence')
    .columns(['learner_id', 'framework_id', 'version'])
    .execute();

  await db.schema
    .createTable('attainments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('learner_id', 'uuid', (c) => c.notNull().references('learners.id'))
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('level_key', 'text', (c) => c.notNull())
    .addColumn('attained_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recipient_salt', 'text', (c) => c.notNull())
    .addColumn('evidence_event_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('attainments_learner_level_uq', ['learner_id', 'framework_id', 'version', 'level_key'])
    .addForeignKeyConstraint('attainments_framework_fk', ['framework_id', 'version'], 'frameworks', [
      'framework_id',
      'version',
    ])
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'serial', (c) => c.notNull().unique())
    .addColumn('public_key_multibase', 'text', (c) => c.notNull().unique())
    .addColumn('secret_key_sealed', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one key signs at a time; racing first starts converge on the same one.
  await sql`create unique index signing_keys_one_active on signing_keys (active) where active`.execute(db);

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('attainment_id', 'uuid', (c) => c.notNull().unique().references('attainments.id'))
    .addColumn('learner_id', 'uuid', (c) => c.notNull().references('learners.id'))
    .addColumn('issuer_did', 'text', (c) => c.notNull())
    .addColumn('verification_method', 'text', (c) => c.notNull())
    .addColumn('document', 'json', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz')
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('credentials_learner_idx').on('credentials').column('learner_id').execute();

  // Durable work list: a row lives until the processor that owns it commits its effect. Its id
  // names the job in Redis, so it is a uuid: a restored or re-created database must never hand
  // out an id that a job kept in Redis already carries.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('job_key', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('outbox_topic_key_uq', ['topic', 'job_key'])
    .execute();
  await db.schema.createIndex('outbox_available_idx').on('outbox').column('available_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox',
    'credentials',
    'signing_keys',
    'attainments',
    'evidence',
    'activity_mappings',
    'assessment_events',
    'learners',
    'lms_clients',
    'attainment_policies',
    'statements',
    'frameworks',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
