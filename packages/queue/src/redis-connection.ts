import { Redis } from 'ioredis';

/**
 * Workers need blocking commands that wait out Redis outages (maxRetriesPerRequest: null, as
 * BullMQ requires). Producers must fail fast instead: the outbox in Postgres already holds the
 * work, and the relay re-drives it when Redis is back.
 */
export function createRedisConnection(url: string, role: 'worker' | 'producer'): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          retryStrategy: (times: number) => Math.min(times * 200, 2000),
        }),
  });
}
