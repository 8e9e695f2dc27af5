import type { Kysely } from 'kysely';

// When voided evidence leaves an attained level unsupported, the attainment says since when;
// revoking its credential stays the operator's decision.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attainments').addColumn('unsupported_since', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attainments').dropColumn('unsupported_since').execute();
}
