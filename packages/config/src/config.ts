import { join } from 'node:path';
import { configSchema } from './config.schema.js';

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; publicUrl: string };
  /** `url` undefined: the embedded PostgreSQL (PGlite) keeps its data in `embeddedDir`. */
  database: { url: string | undefined; poolSize: number; embeddedDir: string };
  /**
   * `url` is the first node; `nodes` are every seed node of a cluster. Undefined: no Redis, the
   * queues run on BullMQ's PostgreSQL backend in Attain's database.
   */
  redis: { url: string; nodes: string[]; cluster: boolean } | undefined;
  /** `schema` holds BullMQ's tables when the queues run on PostgreSQL. */
  queue: { prefix: string; schema: string; queues: 'all' | string[]; concurrency: number };
  relay: { intervalMs: number; retryAfterMs: number; maxFailures: number; maxBackoffMs: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  /** Base64 key-encryption key; undefined outside production means "use the local key file". */
  keyEncryptionKey: string | undefined;
  /** The bootstrap admin token; undefined outside production means "use the local token file". */
  adminToken: string | undefined;
  /** The default issuer's Profile (further issuers are managed with `attain issuer`). */
  issuer: {
    name: string;
    url: string;
    email: string | undefined;
    image: string | undefined;
    didMethod: 'key' | 'web';
    /** Its LinkedIn organization id, named by badge pages' "Add to LinkedIn" links. */
    linkedInOrganizationId: string | undefined;
  };
  /** How often each process re-reads the signing keys (a rotation takes effect within it). */
  issuerRefreshMs: number;
  ingest: { hmacToleranceSeconds: number; maxBatch: number; rateLimitPerMinute: number };
  metrics: { token: string | undefined; port: number | undefined };
  /** Bitstring Status List settings; `suspension` adds a second (suspension) entry to new credentials. */
  status: { listLength: number; validitySeconds: number; suspension: boolean };
  /** E-mail (when smtpUrl is set) and LMS webhooks announcing issued credentials. */
  notifications: { smtpUrl: string | undefined; mailFrom: string; retryBaseMs: number; maxAttempts: number };
}

/** A setting is missing or malformed; the message names every such setting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The one reader of the environment: validates it once at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  if (raw.NODE_ENV === 'production' && raw.ATTAIN_KEY_ENCRYPTION_KEY === undefined) {
    throw new ConfigError(['ATTAIN_KEY_ENCRYPTION_KEY: required in production (openssl rand -base64 32)']);
  }
  if (raw.REDIS_CLUSTER && raw.REDIS_URL === undefined) {
    throw new ConfigError(['REDIS_URL: REDIS_CLUSTER=true needs the seed nodes of the cluster in REDIS_URL']);
  }
  if (!raw.REDIS_CLUSTER && raw.REDIS_URL !== undefined && raw.REDIS_URL.length > 1) {
    throw new ConfigError(['REDIS_URL: several URLs name the seed nodes of a cluster; set REDIS_CLUSTER=true']);
  }
  // On a cluster every key of a queue must hash to one slot: the prefix must be a hash tag.
  const prefix = raw.QUEUE_PREFIX ?? (raw.REDIS_CLUSTER ? '{attain}' : 'attain');
  if (raw.REDIS_CLUSTER && !/^\{.+\}$/.test(prefix)) {
    throw new ConfigError([`QUEUE_PREFIX: must be a hash tag such as {attain} on a Redis Cluster, got ${prefix}`]);
  }
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  const queues =
    raw.WORKER_QUEUES.trim() === 'all'
      ? 'all'
      : raw.WORKER_QUEUES.split(',')
          .map((q) => q.trim())
          .filter(Boolean);
  return {
    env: raw.NODE_ENV,
    http: { host: raw.HOST, port: raw.PORT, publicUrl },
    database: {
      url: raw.DATABASE_URL,
      poolSize: raw.DATABASE_POOL_SIZE,
      embeddedDir: join(raw.ATTAIN_DATA_DIR, 'pgdata'),
    },
    redis:
      raw.REDIS_URL === undefined
        ? undefined
        : { url: raw.REDIS_URL[0] ?? '', nodes: raw.REDIS_URL, cluster: raw.REDIS_CLUSTER },
    queue: {
      prefix,
      // A schema name from the prefix (hash-tag braces and dashes are not identifier characters).
      schema: `${prefix.replace(/[^A-Za-z0-9_]/g, '').toLowerCase()}_queues`,
      queues,
      concurrency: raw.WORKER_CONCURRENCY,
    },
    relay: {
      intervalMs: raw.RELAY_INTERVAL_MS,
      retryAfterMs: raw.OUTBOX_RETRY_AFTER_MS,
      maxFailures: raw.OUTBOX_MAX_FAILURES,
      maxBackoffMs: raw.OUTBOX_MAX_BACKOFF_MS,
    },
    logLevel: raw.LOG_LEVEL,
    dataDir: raw.ATTAIN_DATA_DIR,
    keyEncryptionKey: raw.ATTAIN_KEY_ENCRYPTION_KEY,
    adminToken: raw.ATTAIN_ADMIN_TOKEN,
    issuer: {
      name: raw.ISSUER_NAME,
      url: (raw.ISSUER_URL ?? publicUrl).replace(/\/+$/, ''),
      email: raw.ISSUER_EMAIL,
      image: raw.ISSUER_IMAGE_URL,
      didMethod: raw.ISSUER_DID_METHOD,
      linkedInOrganizationId: raw.ISSUER_LINKEDIN_ORGANIZATION_ID,
    },
    issuerRefreshMs: raw.ISSUER_REFRESH_MS,
    ingest: {
      hmacToleranceSeconds: raw.HMAC_TOLERANCE_SECONDS,
      maxBatch: raw.INGEST_MAX_BATCH,
      rateLimitPerMinute: raw.INGEST_RATE_LIMIT_PER_MINUTE,
    },
    metrics: { token: raw.METRICS_TOKEN, port: raw.METRICS_PORT },
    status: {
      listLength: raw.STATUS_LIST_LENGTH,
      validitySeconds: raw.STATUS_LIST_VALIDITY_SECONDS,
      suspension: raw.STATUS_SUSPENSION,
    },
    notifications: {
      smtpUrl: raw.SMTP_URL,
      mailFrom: raw.MAIL_FROM,
      retryBaseMs: raw.DELIVERY_RETRY_BASE_MS,
      maxAttempts: raw.DELIVERY_MAX_ATTEMPTS,
    },
  };
}
