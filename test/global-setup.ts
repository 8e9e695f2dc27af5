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

/**
 * Integration tests use DATABASE_URL / REDIS_URL when set (CI sets them); otherwise they start
 * Postgres and Redis with testcontainers, so a developer with Docker gets the same suite.
 * Unit tests need neither; when neither is available the integration tests fail with the reason.
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
      servicesProblem =
        `no DATABASE_URL/REDIS_URL given and testcontainers could not start them (${(error as Error).message}); ` +
        'set DATABASE_URL and REDIS_URL or start a Docker engine';
    }
  }
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('servicesProblem', servicesProblem);
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
}
