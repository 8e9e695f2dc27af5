import { sql, type Kysely } from 'kysely';

// Policies are versioned: a change adds a version, and each attainment records the version it
// was decided under (and so the validity its credential got).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('attainment_policies')
    .addColumn('policy_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('attainment_policies').dropConstraint('attainment_policies_pk').execute();
  await db.schema
    .alterTable('attainment_policies')
    .addPrimaryKeyConstraint('attainment_policies_pk', ['framework_id', 'version', 'policy_version'])
    .execute();
  await db.schema.alterTable('attainments').addColumn('policy_version', 'integer').execute();
  await sql`update attainments set policy_version = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attainments').dropColumn('policy_version').execute();
  await sql`delete from attainment_policies where policy_version > 1`.execute(db);
  await db.schema.alterTable('attainment_policies').dropConstraint('attainment_policies_pk').execute();
  await db.schema
    .alterTable('attainment_policies')
    .addPrimaryKeyConstraint('attainment_policies_pk', ['framework_id', 'version'])
    .execute();
  await db.schema.alterTable('attainment_policies').dropColumn('policy_version').execute();
}
