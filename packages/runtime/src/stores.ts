import type { Config } from '@attain/config';

/** Which database and which queue backend this process uses, and why (for the start-up log). */
export interface StoreChoice {
  database: 'server' | 'embedded';
  queue: 'redis' | 'postgres';
  reason: string;
}

/**
 * No DATABASE_URL: the embedded PostgreSQL. No REDIS_URL: BullMQ's PostgreSQL backend in the same
 * database as Attain's tables. Both set: a PostgreSQL server and Redis, as in production.
 */
export function chooseStores(config: Pick<Config, 'database' | 'redis'>): StoreChoice {
  const database = config.database.url === undefined ? 'embedded' : 'server';
  if (config.redis !== undefined)
    return {
      database,
      queue: 'redis',
      reason:
        database === 'server'
          ? 'REDIS_URL is set: queues on Redis, data on the PostgreSQL server in DATABASE_URL'
          : 'REDIS_URL is set but no DATABASE_URL: queues on Redis, data in the embedded PostgreSQL (PGlite)',
    };
  return {
    database,
    queue: 'postgres',
    reason:
      database === 'server'
        ? "DATABASE_URL is set and no REDIS_URL: BullMQ's PostgreSQL backend on that server"
        : "no DATABASE_URL or REDIS_URL: embedded PostgreSQL (PGlite) with BullMQ's PostgreSQL backend",
  };
}
