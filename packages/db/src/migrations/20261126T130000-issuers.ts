import { sql, type Kysely } from 'kysely';

// More than one issuer in a deployment: each has its Profile and its own signing keys, and a
// framework can be assigned to one (the rest are issued by `default`, whose profile is the config's).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issuers')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[a-z0-9][a-z0-9-]{0,62}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('email', 'text')
    .addColumn('image', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into issuers (id, name) values ('default', 'Attain')`.execute(db);
  await db.schema
    .alterTable('signing_keys')
    .addColumn('issuer_id', 'text', (c) => c.notNull().defaultTo('default').references('issuers.id'))
    .execute();
  await sql`drop index signing_keys_one_active`.execute(db);
  await sql`create unique index signing_keys_one_active on signing_keys (issuer_id) where active`.execute(db);
  await db.schema
    .createTable('framework_issuers')
    .addColumn('framework_id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// Irreversible: once a renewal (or a second issuer) exists, the old unique constraint cannot hold.
export function down(): Promise<void> {
  return Promise.reject(new Error('this migration cannot be undone; restore a backup instead'));
}
