import type { Config, Logger } from '@attain/config';
import type { Db, EmbeddedPostgres } from '@attain/db';
import { Outbox, QueueProducer, redisQueueConnection, type QueueConnection, type RedisConnection } from '@attain/queue';
import { loadBootstrapAdminToken } from './admin-token.js';
import { importBundledFramework } from './framework-import.js';
import { loadIssuers, syncDefaultIssuerProfile, type Issuer, type IssuerRegistry } from './issuer.js';
import { loadKeyEncryptionKey } from './key-encryption-key.js';
import { openDatabase, openEmbeddedDatabase, openPostgresQueues, openRedis } from './service-checks.js';
import { chooseStores, type StoreChoice } from './stores.js';
import { registerMetricsSource } from './metrics.js';
import { createStatusLists, type StatusLists } from './status-lists.js';

/** The collaborators every entry point needs, built once by `main.ts` and passed down. */
export interface Runtime {
  config: Config;
  logger: Logger;
  db: Db;
  kek: Buffer;
  /** The bootstrap admin token (environment or local file), if this deployment has one. */
  bootstrapAdminToken: string | undefined;
  /** The default issuer (the one ISSUER_* configures). */
  issuer: Issuer;
  /** Every issuer of the deployment. */
  issuers: IssuerRegistry;
  /** Which database and queue backend this process uses (chosen from DATABASE_URL / REDIS_URL). */
  stores: StoreChoice;
  /** The connection string of Attain's database (the embedded one's socket when embedded). */
  databaseUrl: string;
  producer: QueueProducer;
  /** Dispatches committed outbox work, leaving it to the relay when the queue is unreachable. */
  outbox: Outbox;
  /** Signs and serves the Bitstring Status Lists. */
  statusLists: StatusLists;
  /** Re-reads the signing keys now (they are also re-read every ISSUER_REFRESH_MS). */
  refreshIssuer(): Promise<void>;
  /** Opens another connection to the queue backend (workers need their own, blocking ones). */
  connectQueue(role: 'worker' | 'producer'): Promise<QueueConnection>;
  /** Opens another Redis connection; only when the queues are on Redis (stores.queue). */
  connectRedis(role: 'worker' | 'producer'): Promise<RedisConnection>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Postgres schema to work in (tests isolate by schema); default: the server's search_path. */
  schema?: string;
  /** The clock (tests move it forward to see credentials and status lists expire). */
  now?: () => Date;
  /** An embedded PostgreSQL already running (tests share one); used when DATABASE_URL is unset. */
  embedded?: EmbeddedPostgres;
}

/**
 * Connects to Postgres (creating the database and migrating) and Redis, imports the bundled
 * framework and loads the issuer key. Fails fast with a StartupError when a service is missing.
 */
export async function startRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const stores = chooseStores(config);
  let databaseUrl = config.database.url ?? options.embedded?.url;
  let embedded: EmbeddedPostgres | undefined;
  if (databaseUrl === undefined) {
    const opened = await openEmbeddedDatabase(config.database.embeddedDir);
    databaseUrl = opened.url;
    embedded = opened.embedded;
    if (embedded === undefined)
      logger.info(
        { dataDir: config.database.embeddedDir },
        'the embedded PostgreSQL is served by another Attain process: using it',
      );
  }
  logger.info(
    {
      queue: stores.queue,
      database: stores.database,
      ...(stores.database === 'embedded' ? { dataDir: config.database.embeddedDir } : {}),
      ...(stores.queue === 'postgres' ? { queueSchema: config.queue.schema } : {}),
    },
    stores.reason,
  );
  const url = databaseUrl;
  const db = await openDatabase(url, {
    poolSize: config.database.poolSize,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    onIdleError: (error) => {
      logger.warn({ err: error.message }, 'a database connection was closed by the server; it will be replaced');
    },
  }).catch(async (error: unknown) => {
    await embedded?.close();
    throw error;
  });
  const opened: RedisConnection[] = [];
  const queues: QueueConnection[] = [];
  try {
    const imported = await importBundledFramework(db);
    logger.info(
      { framework: imported.framework.id, version: imported.framework.version, outcome: imported.outcome },
      'bundled framework ready',
    );
    const kek = await loadKeyEncryptionKey(config, logger);
    await syncDefaultIssuerProfile(db, config);
    let issuers = await loadIssuers(db, config, kek);
    const issuer = issuers.default;
    const bootstrapAdminToken = await loadBootstrapAdminToken(config, logger);
    logger.info({ issuer: issuer.did, verificationMethod: issuer.verificationMethodId }, 'issuer ready');
    const connectRedis = async (role: 'worker' | 'producer'): Promise<RedisConnection> => {
      if (config.redis === undefined) throw new Error('no REDIS_URL: the queues run on PostgreSQL');
      const redis = await openRedis(config.redis, role);
      redis.on('error', (error: Error) => {
        logger.warn({ err: error.message, role }, 'redis connection error');
      });
      opened.push(redis);
      return redis;
    };
    const connectQueue = async (role: 'worker' | 'producer'): Promise<QueueConnection> => {
      const connection =
        stores.queue === 'redis'
          ? redisQueueConnection(await connectRedis(role), config.queue.prefix)
          : await openPostgresQueues(url, config.queue.schema);
      queues.push(connection);
      return connection;
    };
    const producer = new QueueProducer(await connectQueue('producer'));
    // A key rotated by `attain keys rotate` (in another process) signs here from the next refresh.
    const refreshIssuer = async (): Promise<void> => {
      const next = await loadIssuers(db, config, kek);
      for (const fresh of next.all) {
        const before = issuers.bySlug(fresh.slug);
        if (before !== undefined && before.verificationMethodId !== fresh.verificationMethodId)
          logger.info({ issuer: fresh.slug, verificationMethod: fresh.verificationMethodId }, 'signing key changed');
      }
      issuers = next;
    };
    const refresher = setInterval(() => {
      refreshIssuer().catch((error: unknown) => {
        logger.warn({ err: (error as Error).message }, 'could not re-read the signing keys');
      });
    }, config.issuerRefreshMs);
    refresher.unref();
    const unregisterMetrics = registerMetricsSource({ db, producer });
    const statusLists = createStatusLists({
      db,
      issuer: () => issuers.default,
      publicUrl: config.http.publicUrl,
      validitySeconds: config.status.validitySeconds,
      now: options.now ?? (() => new Date()),
    });
    return {
      statusLists,
      config,
      logger,
      db,
      kek,
      bootstrapAdminToken,
      get issuer() {
        return issuers.default;
      },
      get issuers() {
        return issuers;
      },
      refreshIssuer,
      stores,
      databaseUrl: url,
      producer,
      outbox: new Outbox(producer, logger),
      connectQueue,
      connectRedis,
      async close() {
        clearInterval(refresher);
        unregisterMetrics();
        await producer.close();
        await Promise.all(queues.filter((q) => q.kind === 'postgres').map((q) => q.close()));
        await Promise.all(
          opened.map((r) =>
            r.quit().catch(() => {
              r.disconnect();
            }),
          ),
        );
        await db.destroy();
        await embedded?.close();
      },
    };
  } catch (error) {
    for (const r of opened) r.disconnect();
    await Promise.all(queues.filter((q) => q.kind === 'postgres').map((q) => q.close()));
    await db.destroy();
    await embedded?.close();
    throw error;
  }
}
