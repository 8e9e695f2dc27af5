import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from './connection.js';
import { migrateToLatest } from './migrator.js';

// The same values test/global-setup.ts provides to the integration tests; declared here too
// because this package's compilation does not see that file.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | null;
    servicesProblem: string | null;
  }
}

/** A migrated schema of its own for one test file: repository tests share a server, never rows. */
export interface TestSchema {
  readonly db: Db;
  readonly name: string;
  /** Closes the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Test-only (not exported from the package): needs vitest's `inject` and the test server. */
export async function createTestSchema(): Promise<TestSchema> {
  // Provided by the root vitest config's globalSetup (test/global-setup.ts), as for integration tests.
  const url = inject('databaseUrl');
  if (url === null) throw new Error(inject('servicesProblem') ?? 'no test database is available');
  const name = `repo_${randomBytes(5).toString('hex')}`;
  await adminQuery(url, `create schema ${name}`);
  const db = createDb({ url, schema: name, poolSize: 4, applicationName: 'attain-db-test' });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await adminQuery(url, `drop schema ${name} cascade`);
    throw error;
  }
  return {
    db,
    name,
    async drop() {
      await db.destroy();
      await adminQuery(url, `drop schema ${name} cascade`);
    },
  };
}
