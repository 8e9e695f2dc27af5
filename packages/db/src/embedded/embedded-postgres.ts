import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PgliteSessionServer } from './pglite-session-server.js';

/** An embedded PostgreSQL (PGlite) that every component reaches with an ordinary connection string. */
export interface EmbeddedPostgres {
  /** A `postgres://` URL for `pg`, kysely and BullMQ's PostgreSQL backend. */
  readonly url: string;
  /** Where the data lives; undefined: in memory (tests). */
  readonly dataDir: string | undefined;
  close(): Promise<void>;
}

/** The embedded database's folder is in use by another running process. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly url: string,
  ) {
    super(`the embedded database in ${dataDir} is already served by another process (at ${url})`);
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

// Beside the data folder, not in it: PGlite owns every file under its data directory.
const socketPath = (dataDir: string): string => resolve(dirname(resolve(dataDir)), '.s.PGSQL.5432');

/** The URL under which a process serving `dataDir` answers (a Unix socket beside the folder). */
export function embeddedUrl(dataDir: string): string {
  return `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dirname(resolve(dataDir)))}`;
}

/** Whether another process serves the embedded database in `dataDir` right now. */
export async function embeddedServerAnswers(dataDir: string): Promise<boolean> {
  try {
    await stat(socketPath(dataDir));
  } catch {
    return false;
  }
  const client = new pg.Client({ connectionString: embeddedUrl(dataDir), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Opens PGlite on `dataDir` (created on first use) and serves it to `pg` connections: on a Unix
 * socket beside the folder, so that `attain` commands reach the database of a running `npm start`
 * and a second server on the same folder is refused; in memory on a loopback port without one.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) {
    if (await embeddedServerAnswers(dataDir)) throw new EmbeddedDatabaseBusyError(dataDir, embeddedUrl(dataDir));
    await mkdir(dataDir, { recursive: true });
    // Left behind by a process that was killed: nobody answers on it.
    await rm(socketPath(dataDir), { force: true });
  }
  const db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  const server = new PgliteSessionServer(db);
  try {
    if (dataDir === undefined) await server.listen({ host: '127.0.0.1', port: 0 });
    else await server.listen({ path: socketPath(dataDir) });
  } catch (error) {
    await db.close();
    throw error;
  }
  const url = dataDir === undefined ? `postgres://postgres@127.0.0.1:${server.port}/postgres` : embeddedUrl(dataDir);
  let closing: Promise<void> | undefined;
  return {
    url,
    dataDir,
    close() {
      closing ??= (async () => {
        await server.close();
        await db.close();
      })();
      return closing;
    },
  };
}
