import {
  createDb,
  embeddedServerAnswers,
  embeddedUrl,
  ensureDatabaseExists,
  migrateToLatest,
  pingDatabase,
  startEmbeddedPostgres,
  type Db,
  type EmbeddedPostgres,
} from '@attain/db';
import {
  createRedisConnection,
  postgresQueueConnection,
  type QueueConnection,
  type RedisConnection,
  type RedisSettings,
} from '@attain/queue';
import { displayUrl, reason, StartupError } from './startup-error.js';

const POSTGRES_HINT =
  'Start PostgreSQL (for example `pg_ctlcluster 15 main start` or `systemctl start postgresql`) or set DATABASE_URL to one that runs.';
const REDIS_HINT =
  'Start Redis (for example `redis-server --daemonize yes` or `systemctl start redis-server`) or set REDIS_URL to one that runs.';

/** Connects, creating the database and applying migrations when needed; fails in seconds if unreachable. */
export async function openDatabase(
  url: string,
  options: { poolSize: number; schema?: string; onIdleError?: (error: Error) => void },
): Promise<Db> {
  try {
    await ensureDatabaseExists(url, 3000);
  } catch (error) {
    throw new StartupError(`Cannot reach PostgreSQL at ${displayUrl(url)} (${reason(error)}). ${POSTGRES_HINT}`, {
      cause: error,
    });
  }
  const db = createDb({
    url,
    poolSize: options.poolSize,
    connectTimeoutMs: 3000,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
  });
  try {
    await pingDatabase(db);
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw new StartupError(`PostgreSQL at ${displayUrl(url)} is not usable (${reason(error)}). ${POSTGRES_HINT}`, {
      cause: error,
    });
  }
  return db;
}

/** Opens a Redis connection and waits for it to answer, or fails within a few seconds. */
export async function openRedis(settings: RedisSettings, role: 'worker' | 'producer'): Promise<RedisConnection> {
  const redis = createRedisConnection(settings, role);
  // ioredis reports connection errors as events; without a listener they are printed as unhandled.
  const onError = (): void => {};
  redis.on('error', onError);
  try {
    await withTimeout(redis.connect(), 4000);
    await withTimeout(redis.ping(), 2000);
  } catch (error) {
    redis.disconnect();
    throw new StartupError(
      `Cannot reach Redis at ${settings.nodes.map(displayUrl).join(', ')} (${reason(error)}). ${REDIS_HINT}`,
      {
        cause: error,
      },
    );
  }
  return redis;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The embedded PostgreSQL in `dataDir`: started here, or, when another Attain process (a running
 * `npm start`) already serves that folder, that process's database through its socket.
 */
export async function openEmbeddedDatabase(
  dataDir: string,
): Promise<{ url: string; embedded: EmbeddedPostgres | undefined }> {
  if (await embeddedServerAnswers(dataDir)) return { url: embeddedUrl(dataDir), embedded: undefined };
  try {
    const embedded = await startEmbeddedPostgres({ dataDir });
    return { url: embedded.url, embedded };
  } catch (error) {
    throw new StartupError(
      `Cannot open the embedded PostgreSQL in ${dataDir} (${reason(error)}). Remove the folder to start afresh, or set DATABASE_URL to a PostgreSQL server.`,
      { cause: error },
    );
  }
}

/** BullMQ's PostgreSQL backend on `url`, its tables in `schema` (created on first use). */
export async function openPostgresQueues(url: string, schema: string): Promise<QueueConnection> {
  try {
    return await postgresQueueConnection({ connectionString: url, schema });
  } catch (error) {
    throw new StartupError(
      `Cannot set up the queues in PostgreSQL at ${displayUrl(url)}, schema ${schema} (${reason(error)}). ${POSTGRES_HINT}`,
      { cause: error },
    );
  }
}
