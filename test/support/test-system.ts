import { randomBytes, randomUUID } from 'node:crypto';
import { createLogger, loadConfig } from '@attain/config';
import {
  countCredentials,
  countOutbox,
  createLmsClient,
  listCredentials,
  saveActivityMappings,
  type EmbeddedPostgres,
} from '@attain/db';
import { loadBundledFramework, type Framework } from '@attain/framework';
import { buildApp, type AttainFastify } from '@attain/http';
import { startPipelineFromRuntime, type RunningPipeline, mapEventWork } from '@attain/pipeline';
import {
  CLIENT_HEADER,
  newLmsClientSecrets,
  SIGNATURE_HEADER,
  signIngestBody,
  startRuntime,
  TIMESTAMP_HEADER,
  type Runtime,
} from '@attain/runtime';
import { createRedisConnection } from '@attain/queue';
import { Cluster } from 'ioredis';
import pg from 'pg';
import { adminQuery, serviceUrls, uniqueName, waitFor } from './services.js';

export interface TestClient {
  id: string;
  secret: string;
  xapiKey?: string;
  xapiSecret?: string;
}

export interface TestResult {
  eventId: string;
  learner: { id: string; email: string; name: string };
  activityId: string;
  score?: { scaled?: number; raw?: number; min?: number; max?: number };
  passed?: boolean;
  completedAt: string;
}

/**
 * Where a test system keeps its queues: Redis (with the Postgres server), BullMQ's PostgreSQL
 * backend on the Postgres server, or everything in an embedded PostgreSQL (PGlite).
 */
export type TestBackend = { kind: 'redis' } | { kind: 'postgres' } | { kind: 'embedded'; embedded: EmbeddedPostgres };

/**
 * A whole Attain on the real Postgres and Redis, isolated by its own schema and queue prefix:
 * the same runtime, HTTP app and pipeline as production, driven in-process.
 */
export class TestSystem {
  private pipeline: RunningPipeline | undefined;

  private constructor(
    readonly runtime: Runtime,
    readonly app: AttainFastify,
    readonly framework: Framework,
    private readonly schema: string,
    private readonly databaseUrl: string,
    private readonly clock: { offsetMs: number },
  ) {}

  /** The system's clock: real time, plus however far a test has moved it forward. */
  now(): Date {
    return new Date(Date.now() + this.clock.offsetMs);
  }

  /** Moves the clock of the API, the workers and the status lists forward. */
  advanceClock(ms: number): void {
    this.clock.offsetMs += ms;
  }

  static async start(
    options: {
      retryAfterMs?: number;
      env?: Record<string, string>;
      backend?: TestBackend;
      /** An existing schema to run on (data imported into it, say); default: a new one. */
      schema?: string;
    } = {},
  ): Promise<TestSystem> {
    const backend = options.backend ?? { kind: 'redis' };
    const services = backend.kind === 'embedded' ? undefined : serviceUrls();
    const databaseUrl = backend.kind === 'embedded' ? backend.embedded.url : (services?.databaseUrl ?? '');
    const schema = options.schema ?? uniqueName('t');
    if (options.schema === undefined) await adminQuery(databaseUrl, `create schema ${schema}`);
    const config = loadConfig({
      NODE_ENV: 'test',
      // Unset DATABASE_URL: the embedded database; unset REDIS_URL: queues on PostgreSQL.
      ...(backend.kind === 'embedded' ? {} : { DATABASE_URL: databaseUrl }),
      ...(backend.kind === 'redis' ? { REDIS_URL: services?.redisUrl ?? '' } : {}),
      QUEUE_PREFIX: uniqueName('test'),
      PUBLIC_URL: 'http://attain.test',
      ATTAIN_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ATTAIN_ADMIN_TOKEN: `bootstrap-${randomBytes(24).toString('hex')}`,
      LOG_LEVEL: 'silent',
      RELAY_INTERVAL_MS: '100',
      OUTBOX_RETRY_AFTER_MS: String(options.retryAfterMs ?? 30_000),
      DATABASE_POOL_SIZE: '10',
      ...options.env,
    });
    const clock = { offsetMs: 0 };
    const now = (): Date => new Date(Date.now() + clock.offsetMs);
    const runtime = await startRuntime(config, createLogger({ level: 'silent' }), {
      schema,
      now,
      ...(backend.kind === 'embedded' ? { embedded: backend.embedded } : {}),
    });
    const app = await buildApp({ runtime, now });
    return new TestSystem(runtime, app, await loadBundledFramework(), schema, databaseUrl, clock);
  }

  get db(): Runtime['db'] {
    return this.runtime.db;
  }

  /** Listens on a free loopback port, for clients that speak real HTTP; returns the base URL. */
  async listen(port = 0): Promise<string> {
    return this.app.listen({ host: '127.0.0.1', port });
  }

  /** A request with the bootstrap admin token. */
  async admin(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<{ statusCode: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
    const response = await this.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.runtime.config.adminToken ?? ''}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      statusCode: response.statusCode,
      json: response.json<Record<string, unknown>>(),
      headers: response.headers,
    };
  }

  async startWorkers(): Promise<void> {
    this.pipeline ??= await startPipelineFromRuntime(this.runtime, () => this.now());
  }

  async stopWorkers(): Promise<void> {
    await this.pipeline?.close();
    this.pipeline = undefined;
  }

  async createClient(name = 'test LMS'): Promise<TestClient> {
    const secrets = newLmsClientSecrets(this.runtime.kek);
    const client = await createLmsClient(this.db, { name, ...secrets.stored });
    return { id: client.id, secret: secrets.hmacSecret, xapiKey: secrets.xapiKey, xapiSecret: secrets.xapiSecret };
  }

  activityFor(code: string): string {
    return `https://lms.test/activities/${code}`;
  }

  /** One activity per statement of the bundled framework. */
  async mapEveryStatement(): Promise<void> {
    const f = this.framework;
    await saveActivityMappings(
      this.db,
      f.levels.flatMap((l) =>
        l.statements.map((s) => ({
          activityId: this.activityFor(s.code),
          frameworkId: f.id,
          version: f.version,
          statements: [s.code],
        })),
      ),
      new Date(),
      mapEventWork,
    );
  }

  /**
   * One agent's first-level credential, issued through the whole pipeline (a client, every statement
   * mapped, workers, the level's ten results): what the verification tests start from.
   */
  async issueFirstLevel(learner: TestResult['learner']): Promise<Record<string, unknown>> {
    const client = await this.createClient();
    await this.mapEveryStatement();
    await this.startWorkers();
    await this.post(client, this.passingResults(learner).slice(0, 10));
    await this.waitForCredentials(1);
    const [credential] = await this.credentialsOf(learner.email);
    if (credential === undefined) throw new Error(`no credential was issued to ${learner.email}`);
    return credential;
  }

  /** A passing result for every statement (40 for the bundled framework). */
  passingResults(learner: TestResult['learner'], scaled = 0.9): TestResult[] {
    return this.framework.levels.flatMap((l) =>
      l.statements.map((s) => ({
        eventId: randomUUID(),
        learner,
        activityId: this.activityFor(s.code),
        score: { scaled },
        completedAt: new Date(this.now().getTime() - 60_000).toISOString(),
      })),
    );
  }

  /** Posts to the native webhook, signed as the client would, unless told otherwise. */
  async post(
    client: TestClient,
    body: unknown,
    options: {
      timestamp?: number;
      signature?: string;
      rawBody?: string | Buffer;
      headers?: Record<string, string>;
    } = {},
  ): Promise<{ statusCode: number; json: Record<string, unknown>; contentType: string | undefined }> {
    const payload = options.rawBody ?? JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(this.now().getTime() / 1000);
    const response = await this.app.inject({
      method: 'POST',
      url: '/v1/assessment-results',
      headers: {
        'content-type': 'application/json',
        [CLIENT_HEADER]: client.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: options.signature ?? signIngestBody(client.secret, timestamp, payload),
        ...options.headers,
      },
      payload,
    });
    return {
      statusCode: response.statusCode,
      json: response.json(),
      contentType: response.headers['content-type'] as string | undefined,
    };
  }

  credentialCount(): Promise<number> {
    return countCredentials(this.db);
  }

  /** Waits until no work is pending in the outbox and `expected` credentials exist. */
  async waitForCredentials(expected: number, timeoutMs = 30_000): Promise<void> {
    try {
      await waitFor(
        async () =>
          (await countOutbox(this.db)) === 0 && (await this.credentialCount()) === expected ? true : undefined,
        `${expected} credentials and an empty outbox`,
        timeoutMs,
      );
    } catch (error) {
      const state = `credentials: ${await this.credentialCount()}, outbox: ${await countOutbox(this.db)}`;
      throw new Error(`${(error as Error).message} (${state})`, { cause: error });
    }
  }

  async credentialsOf(email: string): Promise<Record<string, unknown>[]> {
    const list = await listCredentials(this.db, { email });
    return Promise.all(
      list.map(async (c) =>
        (await this.app.inject({ method: 'GET', url: `/credentials/${c.id}` })).json<Record<string, unknown>>(),
      ),
    );
  }

  /**
   * Deletes every queued, running and finished job of this system: what a FLUSHALL does to its
   * Redis keys, or emptying BullMQ's tables when the queues are on PostgreSQL.
   */
  async flushQueues(): Promise<number> {
    const redis = this.runtime.config.redis;
    if (redis === undefined) {
      const client = new pg.Client({ connectionString: this.databaseUrl });
      await client.connect();
      try {
        const queueSchema = pg.escapeIdentifier(this.runtime.config.queue.schema);
        const { rowCount } = await client.query(`delete from ${queueSchema}.job`);
        await client.query(`delete from ${queueSchema}.dedup`);
        return rowCount ?? 0;
      } finally {
        await client.end();
      }
    }
    const connection = createRedisConnection(redis, 'worker');
    try {
      await connection.connect();
      // On a cluster the keys live on whichever master owns the prefix's hash slot.
      const nodes = connection instanceof Cluster ? connection.nodes('master') : [connection];
      let deleted = 0;
      for (const node of nodes) {
        const keys = await node.keys(`${this.runtime.config.queue.prefix}:*`);
        for (const key of keys) deleted += await node.del(key);
      }
      return deleted;
    } finally {
      connection.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.stopWorkers();
    await this.app.close();
    await this.flushQueues();
    await this.runtime.close();
    await adminQuery(this.databaseUrl, `drop schema ${this.schema} cascade`);
    if (this.runtime.stores.queue === 'postgres')
      await adminQuery(this.databaseUrl, `drop schema if exists ${this.runtime.config.queue.schema} cascade`);
  }
}
