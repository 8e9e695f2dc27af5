import { loadConfig } from '@attain/config';
import { createDb } from '@attain/db';
import { loadIssuer } from '@attain/runtime';
import { describe, expect, it } from 'vitest';
import { run } from '../support/processes.js';
import { adminQuery, databaseUrlFor, serviceUrls, uniqueName } from '../support/services.js';

const API = 'services/api/dist/main.js';

describe('start-up without its services', () => {
  it('fails within seconds naming the Postgres URL it tried and how to start it, without a stack trace', async () => {
    const { redisUrl } = serviceUrls();
    const result = await run(
      API,
      [],
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/attain', REDIS_URL: redisUrl },
      20_000,
    );
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.stderr).toContain('postgres://postgres@127.0.0.1:1/attain');
    expect(result.stderr).toMatch(/Start PostgreSQL/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('fails within seconds naming the Redis URL it tried', async () => {
    const { databaseUrl } = serviceUrls();
    const database = uniqueName('attain_startup');
    const result = await run(
      API,
      [],
      {
        DATABASE_URL: databaseUrlFor(databaseUrl, database),
        REDIS_URL: 'redis://127.0.0.1:1',
        ATTAIN_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
      20_000,
    );
    await adminQuery(databaseUrl, `drop database if exists ${database} with (force)`);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.stderr).toContain('redis://127.0.0.1:1');
    expect(result.stderr).toMatch(/Start Redis/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('names a malformed setting', async () => {
    const result = await run(API, [], { PORT: 'eighty', ISSUER_DID_METHOD: 'dns' }, 20_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('ISSUER_DID_METHOD');
  });

  it('refuses a database whose signing key was sealed with another key-encryption key', async () => {
    const { databaseUrl, redisUrl } = serviceUrls();
    const database = uniqueName('attain_kek');
    const env = {
      DATABASE_URL: databaseUrlFor(databaseUrl, database),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: uniqueName('kek'),
    };
    try {
      // The CLI's migrate creates the database; the first API start creates and seals the key.
      const first = await run('packages/cli/dist/bin.js', ['migrate'], {
        ...env,
        ATTAIN_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      });
      expect(first.code).toBe(0);
      const db = createDb({ url: env.DATABASE_URL });
      try {
        await loadIssuer(db, loadConfig(env), Buffer.alloc(32, 1));
      } finally {
        await db.destroy();
      }
      const second = await run(
        API,
        [],
        { ...env, ATTAIN_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64') },
        20_000,
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/sealed with another key-encryption key/);
      expect(second.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await adminQuery(databaseUrl, `drop database if exists ${database} with (force)`);
    }
  });
});
