import { sql, type Kysely } from 'kysely';

// Corrections keep the credential's id; each superseded version stays here for audit.
// Credentials issued through the VC-API (not from attainments) are kept in their own table.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('credentials')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('credential_versions')
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credentials.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'json', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz')
    .addColumn('superseded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credential_versions_pk', ['credential_id', 'version'])
    .execute();
  await db.schema
    .createTable('vc_api_credentials')
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_did', 'text', (c) => c.notNull())
    .addColumn('document', 'json', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('vc_api_credentials').execute();
  await db.schema.dropTable('credential_versions').execute();
  await db.schema.alterTable('credentials').dropColumn('version').execute();
}
