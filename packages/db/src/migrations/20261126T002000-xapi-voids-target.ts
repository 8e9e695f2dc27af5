import { sql, type Kysely } from 'kysely';

// A voiding statement may arrive before the statement it voids: remember its target, so that
// the target is voided the moment it is stored.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('xapi_statements').addColumn('voids_target', 'uuid').execute();
  await sql`update xapi_statements set voids_target = (statement->'object'->>'id')::uuid where voiding`.execute(db);
  await db.schema
    .createIndex('xapi_statements_voids_target_idx')
    .on('xapi_statements')
    .columns(['lms_client_id', 'voids_target'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('xapi_statements').dropColumn('voids_target').execute();
}
