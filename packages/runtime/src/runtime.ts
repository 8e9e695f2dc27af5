import type { Config, Logger } from '@attain/config';
import type { Db } from '@attain/db';
import { QueueProducer, type RedisConnection } from '@attain/queue';
import { loadBootstrapAdminToken } from './admin-token.js';
import { importBundledFramework } from './framework-import.js';
import { loadIssuers, syncDefaultIssuerProfile, type Issuer, type IssuerRegistry } from './issuer.js';
import { loadKeyEncryptionKey } from './key-encryption-key.js';
import { openDatabase, openRedis } from './service-checks.js';
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
  producer: QueueProducer;
  /** Signs and serves the Bitstring Status Lists. */
  statusLists: StatusLists;
  /** Re-reads the signing keys now (they are also re-read every ISSUER_REFRESH_MS). */
  refreshIssuer(): Promise<void>;
  /** Opens another Redis connection (workers need their own, blocking ones). */
  connectRedis(role: 'worker' | 'producer'): Promise<RedisConnection>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Postgres schema to work in (tests isolate by schema); default: the server's search_path. */
  schema?: string;
  /** The clock (tests move it forward to see credentials and status lists expire). */
  now?: () => Date;
}

/**
 * Connects to Postgres (creating the database and migrating) and Redis, imports the bundled
 * framework and loads the issuer key. Fails fast with a StartupError when a service is missing.
 */
export async function startRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const db = await openDatabase(config.database.url, {
    poolSize: config.database.poolSize,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    onIdleError: (error) => {
      logger.warn({ err: error.message }, 'a database connection was closed by the server; it will be replaced');
    },
  });
  const opened: RedisConnection[] = [];
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
      const redis = await openRedis(config.redis, role);
      redis.on('error', (error: Error) => {
        logger.warn({ err: error.message, role }, 'redis connection error');
      });
      opened.push(redis);
      return redis;
    };
    const producer = new QueueProducer(await connectRedis('producer'), config.queue.prefix);
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
      producer,
      connectRedis,
      async close() {
        clearInterval(refresher);
        unregisterMetrics();
        await producer.close();
        await Promise.all(
          opened.map((r) =>
            r.quit().catch(() => {
              r.disconnect();
            }),
          ),
        );
        await db.destroy();
      },
    };
  } catch (error) {
    for (const r of opened) r.disconnect();
    await db.destroy();
    throw error;
  }
}
