import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | null;
    redisUrl: string | null;
    servicesProblem: string | null;
  }
}

interface Stoppable {
  stop(): Promise<unknown>;
}

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/attain_test';
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** The local services of `npm start`'s default setup, when they answer. */
async function localServices(): Promise<{ databaseUrl: string; redisUrl: string } | null> {
  try {
    const { ensureDatabaseExists } = await import('@attain/db');
    await ensureDatabaseExists(LOCAL_DATABASE_URL, 2000);
    const { Redis } = await import('ioredis');
    const redis = new Redis(LOCAL_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
    return { databaseUrl: LOCAL_DATABASE_URL, redisUrl: LOCAL_REDIS_URL };
  } catch {
    return null;
  }
}

/**
 * Integration tests use DATABASE_URL / REDIS_URL when set (CI sets them); otherwise they start
 * Postgres and Redis with testcontainers, so a developer with Docker gets the same suite; with
 * no container engine either, they use the local services of the default setup if those answer.
 * Unit tests need none of this; when nothing is available the integration tests fail saying why.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: Stoppable[] = [];
  let databaseUrl = process.env.DATABASE_URL ?? null;
  let redisUrl = process.env.REDIS_URL ?? null;
  let servicesProblem: string | null = null;
  if (databaseUrl === null || redisUrl === null) {
    try {
      if (databaseUrl === null) {
        const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
        const postgres = await new PostgreSqlContainer('postgres:15').start();
        started.push(postgres);
        databaseUrl = postgres.getConnectionUri();
      }
      if (redisUrl === null) {
        const { RedisContainer } = await import('@testcontainers/redis');
        const redis = await new RedisContainer('redis:7').start();
        started.push(redis);
        redisUrl = redis.getConnectionUrl();
      }
    } catch (error) {
      const local = await localServices();
      if (local !== null) {
        databaseUrl ??= local.databaseUrl;
        redisUrl ??= local.redisUrl;
      } else {
        servicesProblem =
          `no DATABASE_URL/REDIS_URL given, testcontainers could not start them (${(error as Error).message}) ` +
          `and no local Postgres/Redis answers at ${LOCAL_DATABASE_URL} / ${LOCAL_REDIS_URL}; ` +
          'set DATABASE_URL and REDIS_URL or start a Docker engine';
      }
    }
  }
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('servicesProblem', servicesProblem);
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
}
