import {
  createDb,
  exportData,
  importData,
  migrateToLatest,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '@attain/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, serviceUrls, uniqueName } from '../support/services.js';
import { stockVerify } from '../support/stock-suite.js';
import { TestSystem } from '../support/test-system.js';

const learner = { id: 'agent-1', email: 'agent.one@brokerage.example', name: 'Agent One' };

describe('moving the data of the embedded database to a PostgreSQL server', () => {
  let embedded: EmbeddedPostgres;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
  }, 120_000);

  afterAll(async () => {
    await embedded.close();
  });

  it('exports credentials made in embedded mode and imports them where they still verify', async () => {
    const source = await TestSystem.start({ backend: { kind: 'embedded', embedded } });
    const lines: string[] = [];
    let kek: string | undefined;
    try {
      const client = await source.createClient();
      await source.mapEveryStatement();
      await source.startWorkers();
      expect((await source.post(client, source.passingResults(learner))).statusCode).toBe(202);
      await source.waitForCredentials(4);
      await source.stopWorkers();
      await exportData(source.db, (line) => {
        lines.push(line);
      });
      kek = source.runtime.config.keyEncryptionKey;
    } finally {
      await source.close();
    }
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ format: 'attain-dump', version: 1 });
    expect(lines.filter((l) => l.startsWith('{"table":"credentials"'))).toHaveLength(4);

    // A fresh, migrated schema on the PostgreSQL server.
    const { databaseUrl } = serviceUrls();
    const schema = uniqueName('imported');
    await adminQuery(databaseUrl, `create schema ${schema}`);
    const target = createDb({ url: databaseUrl, schema, poolSize: 2 });
    try {
      await migrateToLatest(target);
      const counts = await importData(target, lines, { force: false });
      expect(counts.credentials).toBe(4);
      // Importing again would mix two deployments' data: refused unless forced.
      await expect(importData(target, lines, { force: false })).rejects.toThrow(/already holds data/);
      expect((await importData(target, lines, { force: true })).credentials).toBe(4);
    } finally {
      await target.destroy();
    }

    // Attain on the server, with the same key-encryption key (the signing keys move sealed with it).
    const moved = await TestSystem.start({ schema, env: { ATTAIN_KEY_ENCRYPTION_KEY: kek ?? '' } });
    try {
      const credentials = await moved.credentialsOf(learner.email);
      expect(credentials).toHaveLength(4);
      for (const credential of credentials) {
        const verification = await moved.app.inject({
          method: 'POST',
          url: '/credentials/verify',
          payload: { verifiableCredential: credential },
        });
        expect(verification.json<{ verified: boolean }>().verified).toBe(true);
        expect(await stockVerify(moved, credential)).toEqual({ verified: true, statusBits: [false] });
      }
      // The pipeline goes on there: a second agent gets credentials from the same imported issuer.
      const client = await moved.createClient('after the move');
      await moved.startWorkers();
      await moved.post(
        client,
        moved.passingResults({ ...learner, id: 'agent-2', email: 'agent.two@brokerage.example' }),
      );
      await moved.waitForCredentials(8).catch(async (error: unknown) => {
        const stuck = await moved.db.selectFrom('outbox').selectAll().execute();
        throw new Error(`${(error as Error).message}: ${JSON.stringify(stuck)}`);
      });
    } finally {
      await moved.close();
    }
  }, 120_000);
});
