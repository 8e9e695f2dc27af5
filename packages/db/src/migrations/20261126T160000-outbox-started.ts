import type { Kysely } from 'kysely';

// The generation of an outbox row whose run has begun reading (set by learner.evaluate before it
// reads evidence): a mapping that finds the current generation not yet begun need not bump the row,
// because that run will read its evidence anyway. Spares the learner's hot row a lock per result.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('started_generation', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('started_generation').execute();
}
