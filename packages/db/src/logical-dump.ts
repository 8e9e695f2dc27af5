import { sql, type Kysely } from 'kysely';
import type { Db } from './connection.js';

/**
 * A logical dump of Attain's tables (not BullMQ's: unfinished work is in the outbox, and the
 * relay re-drives it after an import): one JSON object per line, a header first, then the rows
 * in foreign-key order. Moves the data of an embedded database to a PostgreSQL server.
 */
export interface DumpHeader {
  format: 'attain-dump';
  version: 1;
  /** The migrations the data was written under: the target must be at the same ones. */
  migrations: string[];
  tables: string[];
}

export type DumpLine = DumpHeader | { table: string; row: Record<string, unknown> };

/** The import would lose or mix data; the message says what to do. */
export class DumpImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DumpImportError';
  }
}

const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
// Rows the migrations themselves insert (the default issuer): a freshly migrated database has them.
const SEEDED_TABLES = new Set(['issuers']);
const BATCH = 500;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- catalog queries on any schema
type AnyDb = Kysely<any>;

/** Attain's tables in the current schema, every table after the tables it references. */
async function tablesInDependencyOrder(db: AnyDb): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((name) => !KYSELY_TABLES.has(name))
    .sort();
  const references = (
    await sql<{ child: string; parent: string }>`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db)
  ).rows;
  const unquote = (name: string): string => name.replace(/^.*\./, '').replace(/^"|"$/g, '');
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references)
    if (unquote(child) !== unquote(parent)) parents.get(unquote(child))?.add(unquote(parent));
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>): void => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) visit(parent, path);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Writes the dump, read in one repeatable-read transaction (a consistent snapshot). Rows go out
 * as `json`, not `jsonb`: a `json` column (a policy, whose key order matters) keeps its text.
 */
export async function exportData(
  db: Db,
  write: (line: string) => Promise<void> | void,
): Promise<Record<string, number>> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const tables = await tablesInDependencyOrder(trx);
      const header: DumpHeader = {
        format: 'attain-dump',
        version: 1,
        migrations: await appliedMigrations(trx),
        tables,
      };
      await write(JSON.stringify(header));
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await sql<{
          row: Record<string, unknown>;
        }>`select row_to_json(t) as row from ${sql.table(table)} t`.execute(trx);
        for (const { row } of rows) await write(JSON.stringify({ table, row }));
        counts[table] = rows.length;
      }
      return counts;
    });
}

/**
 * Loads a dump into the current schema (migrated to the same migrations) in one transaction.
 * Refuses a database that already holds data unless `force` (which replaces it). Sequences are
 * moved past the imported ids.
 */
export async function importData(
  db: Db,
  lines: AsyncIterable<string> | Iterable<string>,
  options: { force: boolean },
): Promise<Record<string, number>> {
  let header: DumpHeader | undefined;
  const rows = new Map<string, Record<string, unknown>[]>();
  for await (const line of lines) {
    if (line.trim() === '') continue;
    // Checked field by field below: a file from elsewhere may hold anything.
    const parsed = JSON.parse(line) as Partial<DumpHeader> & { table?: string; row?: Record<string, unknown> };
    if (header === undefined) {
      if (parsed.format !== 'attain-dump' || parsed.version !== 1 || !Array.isArray(parsed.migrations))
        throw new DumpImportError('not an Attain dump (made by `attain export`)');
      header = parsed as DumpHeader;
      continue;
    }
    if (typeof parsed.table !== 'string' || parsed.row === undefined)
      throw new DumpImportError('a line of the dump is not a table row');
    const list = rows.get(parsed.table) ?? [];
    list.push(parsed.row);
    rows.set(parsed.table, list);
  }
  if (header === undefined) throw new DumpImportError('the dump is empty');
  const dump = header;
  return db.transaction().execute(async (trx) => {
    const migrations = await appliedMigrations(trx);
    if (migrations.join('\n') !== dump.migrations.join('\n'))
      throw new DumpImportError(
        `the dump was made at migration ${dump.migrations.at(-1) ?? '(none)'} and this database is at ${migrations.at(-1) ?? '(none)'}: run the same Attain version on both`,
      );
    const tables = await tablesInDependencyOrder(trx);
    const unknown = dump.tables.filter((t) => !tables.includes(t));
    if (unknown.length > 0) throw new DumpImportError(`the database has no table ${unknown.join(', ')}`);
    if (!options.force) {
      for (const table of tables) {
        if (SEEDED_TABLES.has(table)) continue;
        const { rows: found } = await sql`select 1 from ${sql.table(table)} limit 1`.execute(trx);
        if (found.length > 0)
          throw new DumpImportError(
            `the database already holds data (table ${table}); import into an empty one, or pass --force to replace it`,
          );
      }
    }
    // TRUNCATE, not DELETE: the audit trail refuses deletes, and everything is replaced at once.
    await sql`truncate ${sql.join(tables.map((t) => sql.table(t)))} cascade`.execute(trx);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const list = rows.get(table) ?? [];
      for (let i = 0; i < list.length; i += BATCH)
        await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(list.slice(i, i + BATCH))}::json)`.execute(
          trx,
        );
      counts[table] = list.length;
      await resetSequences(trx, table);
    }
    return counts;
  });
}

/** Moves each serial column's sequence past the largest imported value. */
async function resetSequences(trx: AnyDb, table: string): Promise<void> {
  const { rows } = await sql<{ column: string; sequence: string }>`
    select a.attname as column, pg_get_serial_sequence(quote_ident(${table}), a.attname) as sequence
    from pg_attribute a
    where a.attrelid = quote_ident(${table})::regclass and a.attnum > 0 and not a.attisdropped
      and pg_get_serial_sequence(quote_ident(${table}), a.attname) is not null`.execute(trx);
  for (const { column, sequence } of rows)
    await sql`select setval(${sequence}, coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 1), (select count(*) > 0 from ${sql.table(table)}))`.execute(
      trx,
    );
}
