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
});
