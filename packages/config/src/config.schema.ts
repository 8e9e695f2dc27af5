import { z } from 'zod';

const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const base64Key = z
  .string()
  .trim()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
  );

// An empty variable (`REDIS_URL=`) means unset, as a shell user would expect.
const unsetIfEmpty = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const positiveInt = z.coerce.number().int().positive();

/** Every setting Attain reads, with its default for a local run. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  // Unset: an embedded PostgreSQL (PGlite) in ATTAIN_DATA_DIR/pgdata. Unset REDIS_URL: the queues run
  // on BullMQ's PostgreSQL backend in that database.
  DATABASE_URL: z.preprocess(unsetIfEmpty, url(['postgres:', 'postgresql:']).optional()),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  // On a Redis Cluster (REDIS_CLUSTER=true), one or more seed nodes separated by commas.
  REDIS_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .transform((value) => value.split(',').map((node) => node.trim()))
      .pipe(z.array(url(['redis:', 'rediss:'])).min(1))
      .optional(),
  ),
  REDIS_CLUSTER: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // `{attain}` (a hash tag) keeps every queue key in one slot, as BullMQ needs on a Redis Cluster.
  QUEUE_PREFIX: z
    .string()
    .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, 'letters, digits, - and _ only, optionally in {braces}')
    .optional(),
  WORKER_QUEUES: z.string().default('all'),
  WORKER_CONCURRENCY: positiveInt.default(8),
  RELAY_INTERVAL_MS: positiveInt.default(2000),
  OUTBOX_RETRY_AFTER_MS: positiveInt.default(30_000),
  // Failed runs of one piece of work (each BullMQ job makes up to 8) before it is set aside as
  // poison (the dead-letter list); and the longest pause between re-drives of unfinished work.
  OUTBOX_MAX_FAILURES: positiveInt.max(1000).default(24),
  OUTBOX_MAX_BACKOFF_MS: positiveInt.default(900_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ATTAIN_DATA_DIR: z.string().default('.attain'),
  ATTAIN_KEY_ENCRYPTION_KEY: base64Key.optional(),
  ATTAIN_ADMIN_TOKEN: z.string().trim().min(32, 'at least 32 characters (openssl rand -base64 32)').optional(),
  ISSUER_NAME: z.string().trim().min(1).default('Attain Demo Brokerage'),
  ISSUER_URL: url(['http:', 'https:']).optional(),
  ISSUER_EMAIL: z.email().optional(),
  ISSUER_IMAGE_URL: url(['https:', 'http:']).optional(),
  // The number in the default issuer's LinkedIn company page admin URL: "Add to profile" then links
  // the certification to that organization instead of naming it as free text.
  ISSUER_LINKEDIN_ORGANIZATION_ID: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, 'the numeric id of a LinkedIn organization')
    .optional(),
  ISSUER_DID_METHOD: z.enum(['key', 'web']).default('key'),
  // Signatures are remembered for two hours to refuse replays: the window must stay shorter.
  ISSUER_REFRESH_MS: positiveInt.default(10_000),
  // Bitstring Status List: at least 131,072 entries per list (the spec's herd-privacy minimum).
  STATUS_LIST_LENGTH: positiveInt.min(131_072).max(8_388_608).default(131_072),
  // How long a signed status list is valid; caches may hold it as long. A revocation reaches every
  // verifier within this window.
  STATUS_LIST_VALIDITY_SECONDS: positiveInt
    .min(60)
    .max(7 * 86_400)
    .default(900),
  STATUS_SUSPENSION: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Notifications: e-mail to agents when SMTP_URL is set (smtp:// or smtps://, credentials in it).
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Attain <credentials@localhost>'),
  DELIVERY_RETRY_BASE_MS: positiveInt.default(30_000),
  DELIVERY_MAX_ATTEMPTS: positiveInt.max(50).default(8),
  HMAC_TOLERANCE_SECONDS: positiveInt.max(3600).default(300),
  // Bounded so that one request always fits the 65,535 parameters of a statement (13 per result).
  INGEST_MAX_BATCH: positiveInt.max(2000).default(500),
  // Requests per minute per LMS client on ingest (a request may hold a batch of INGEST_MAX_BATCH).
  INGEST_RATE_LIMIT_PER_MINUTE: positiveInt.default(12_000),
  // Optional bearer token for /metrics; the worker role serves /metrics on METRICS_PORT when set.
  METRICS_TOKEN: z.string().trim().min(16).optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
