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
  /** Told about idle connections the server ended (they are replaced on next use). */
  onIdleError?: (error: Error) => void;
}

export function createPool(options: DbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: options.applicationName ?? 'attain',
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection ended by the server (a restart, a failover, an administrator) is dropped by
  // the pool, which opens a new one on next use. Unhandled, this event would end the process.
  pool.on('error', (error) => {
    options.onIdleError?.(error);
  });
  // A connection ended while checked out (mid-transaction) fails its query; its 'error' event must
  // not end the process either.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      options.onIdleError?.(error);
    });
  });
  return pool;
}

export function createDb(options: DbOptions): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(options) }) });
}

export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
