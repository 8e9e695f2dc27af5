import { sql, type Kysely } from 'kysely';

// Delivery channels are an extension point (`@attain/notifications`): the channel registry in code
// says which names exist, so the database stops listing them. The check on `deliveries.channel`
// was created inline, unnamed, so its name is looked up in the catalog rather than assumed.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select con.conname as name
      from pg_constraint con
      join pg_class rel on rel.oid = con.conrelid
      join pg_namespace nsp on nsp.oid = rel.relnamespace
      join pg_attribute att on att.attrelid = rel.oid and att.attname = 'channel'
     where nsp.nspname = current_schema()
       and rel.relname = 'deliveries'
       and con.contype = 'c'
       and con.conkey = array[att.attnum]`.execute(db);
  for (const { name } of rows) await db.schema.alterTable('deliveries').dropConstraint(name).execute();
}

// Back to the two original channels; fails if deliveries on any other channel exist, rather than drop them.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('deliveries')
    .addCheckConstraint('deliveries_channel_check', sql`channel in ('email', 'webhook')`)
    .execute();
}
