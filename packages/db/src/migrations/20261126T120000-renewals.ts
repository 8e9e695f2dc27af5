import { sql, type Kysely } from 'kysely';

// A level re-attained after its credential expired is renewed: the attainment starts a new round
// and the round gets its own credential (new id, new status entry). Earlier rounds stay.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('attainments')
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('credentials')
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`alter table credentials drop constraint credentials_attainment_id_key`.execute(db);
  await db.schema
    .alterTable('credentials')
    .addUniqueConstraint('credentials_attainment_round_uq', ['attainment_id', 'round'])
    .execute();
}

// Irreversible: once a renewal (or a second issuer) exists, the old unique constraint cannot hold.
export function down(): Promise<void> {
  return Promise.reject(new Error('this migration cannot be undone; restore a backup instead'));
}
