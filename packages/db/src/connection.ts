import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

export type Db = Kysely<Database>;

// Return bigint (int8) as string and numeric as number is not wanted; keep pg defaults but make
// timestamptz parse to Date (pg's default) and leave int8 as string for outbox ids.
export interface DbOptions {
  url: string;
  /** Postgres schema to use as search_path: tests isolate by schema. */
  schema?: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  applicationName?: string;
}

export function createPool(options: DbOptions): pg.Pool {
  return new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: options.applicationName ?? 'attain',
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
}

export function createDb(options: DbOptions): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(options) }) });
}

export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
