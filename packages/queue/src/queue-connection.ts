import { createPostgresBackend, Queue, runMigrations, withBackend, Worker, type Processor } from 'bullmq';
import pg from 'pg';
import type { RedisConnection } from './redis-connection.js';
import type { Topic } from './topics.js';

/** Where the queues live: Redis (the distributed engine) or BullMQ's PostgreSQL backend. */
export type QueueBackend =
  | { kind: 'redis'; connection: RedisConnection; prefix: string }
  | {
      kind: 'postgres';
      connectionString: string;
      /** BullMQ's tables live in this schema, apart from Attain's; it is the queues' namespace. */
      schema: string;
    };

export interface WorkerSettings {
  concurrency: number;
  lockDuration: number;
  maxStalledCount: number;
}

/**
 * The one queue abstraction: BullMQ's Queue and Worker bound to a backend. Both backends run
 * the same processors under the same job ids; only this object knows which one is in use.
 */
export interface QueueConnection {
  readonly kind: QueueBackend['kind'];
  /** The Redis connection, when the queues are on Redis (the rate limiter shares it). */
  readonly redis: RedisConnection | undefined;
  newQueue(topic: Topic): Queue;
  newWorker<D>(topic: Topic, processor: Processor<D>, settings: WorkerSettings): Worker<D>;
  /** Answers when the backend does; for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function redisQueueConnection(connection: RedisConnection, prefix: string): QueueConnection {
  return {
    kind: 'redis',
    redis: connection,
    newQueue: (topic) => new Queue(topic, { connection, prefix }),
    newWorker: <D>(topic: Topic, processor: Processor<D>, settings: WorkerSettings) =>
      new Worker<D>(topic, processor, { connection, prefix, ...settings }),
    async ping() {
      await connection.ping();
    },
    async close() {
      await connection.quit().catch(() => {
        connection.disconnect();
      });
    },
  };
}

// A Queue only adds and reads; a Worker needs a connection per concurrent job, plus a spare.
const PRODUCER_POOL = 2;

/**
 * BullMQ's PostgreSQL backend on `schema` (created and migrated here, under BullMQ's advisory
 * lock, so several processes may start together). Each Queue and Worker owns a small pool, and
 * a worker a dedicated LISTEN connection: a job added anywhere wakes it at once.
 */
export async function postgresQueueConnection(settings: {
  connectionString: string;
  schema: string;
}): Promise<QueueConnection> {
  const admin = new pg.Pool({ connectionString: settings.connectionString, max: 1, connectionTimeoutMillis: 5000 });
  admin.on('error', () => {
    // An idle connection the server ended is replaced on next use; ping() reports real trouble.
  });
  try {
    const client = await admin.connect();
    try {
      await runMigrations(client, settings.schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await admin.end();
    throw error;
  }
  const backend = withBackend(createPostgresBackend);
  const connection = (max: number) => ({
    connectionString: settings.connectionString,
    schema: settings.schema,
    max,
    connectionTimeoutMillis: 10_000,
  });
  return {
    kind: 'postgres',
    redis: undefined,
    // The classes are BullMQ's own; only their backend type parameter differs from the Redis ones.
    newQueue: (topic) => new backend.Queue(topic, { connection: connection(PRODUCER_POOL) }) as unknown as Queue,
    newWorker: <D>(topic: Topic, processor: Processor<D>, workerSettings: WorkerSettings) =>
      new backend.Worker<D>(topic, processor as never, {
        connection: connection(workerSettings.concurrency + 2),
        ...workerSettings,
      }) as unknown as Worker<D>,
    async ping() {
      await admin.query('select 1');
    },
    async close() {
      await admin.end();
    },
  };
}
