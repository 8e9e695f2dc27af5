import { Cluster, Redis } from 'ioredis';

/** A single Redis or a Redis Cluster: BullMQ, the producer and the rate limiter take either. */
export type RedisConnection = Redis | Cluster;

export interface RedisSettings {
  /** One URL; on a cluster, one or more seed nodes (the rest are discovered). */
  nodes: readonly string[];
  cluster: boolean;
}

/**
 * Workers need blocking commands that wait out Redis outages (maxRetriesPerRequest: null, as
 * BullMQ requires). Producers must fail fast instead: the outbox in Postgres already holds the
 * work, and the relay re-drives it when Redis is back.
 */
export function createRedisConnection(settings: RedisSettings, role: 'worker' | 'producer'): RedisConnection {
  const perRequest =
    role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const retryStrategy = (times: number) => Math.min(times * 200, 2000);
  const [first = 'redis://127.0.0.1:6379'] = settings.nodes;
  if (!settings.cluster) {
    return new Redis(first, {
      lazyConnect: true,
      connectTimeout: 3000,
      ...perRequest,
      ...(role === 'producer' && { retryStrategy }),
    });
  }
  // Credentials and TLS of the seed URL apply to every node of the cluster.
  const seed = new URL(first);
  return new Cluster(
    settings.nodes.map((node) => {
      const url = new URL(node);
      return { host: url.hostname, port: Number(url.port || 6379) };
    }),
    {
      lazyConnect: true,
      ...(role === 'producer' && { enableOfflineQueue: false, clusterRetryStrategy: retryStrategy }),
      redisOptions: {
        connectTimeout: 3000,
        maxRetriesPerRequest: perRequest.maxRetriesPerRequest,
        ...(seed.username !== '' && { username: decodeURIComponent(seed.username) }),
        ...(seed.password !== '' && { password: decodeURIComponent(seed.password) }),
        ...(seed.protocol === 'rediss:' && { tls: {} }),
      },
    },
  );
}
