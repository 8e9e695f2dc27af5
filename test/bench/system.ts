import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { exited, freePort, start } from '../support/processes.js';
import { activityOf, CODES, FRAMEWORK, sleep, type LmsClient } from './lms.js';

export interface SystemOptions {
  /** Postgres server URL (any database on it); the bench makes its own database there. */
  databaseUrl: string;
  redisUrl: string;
  logLevel: string;
}

interface Service {
  name: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * One bench run's Attain: a fresh database and queue prefix, and the API and worker processes
 * started on them as an operator would (`services/api/dist/main.js`, `services/worker/dist/main.js`).
 * `close()` stops every process, drops the database and deletes the prefix's Redis keys.
 */
export class BenchSystem {
  readonly db: pg.Pool;
  private services: Service[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    readonly database: string,
    readonly base: string,
    private readonly env: Record<string, string>,
    private readonly admin: pg.Client,
    private readonly redis: Redis,
    private readonly dataDir: string,
  ) {
    this.db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
    this.db.on('error', () => undefined);
  }

  static async create(options: SystemOptions): Promise<BenchSystem> {
    const database = `attain_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: options.databaseUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const dbUrl = new URL(options.databaseUrl);
    dbUrl.pathname = `/${database}`;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'attain-bench-'));
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: `bench_${randomBytes(4).toString('hex')}`,
      PORT: String(port),
      PUBLIC_URL: base,
      ATTAIN_DATA_DIR: dataDir,
      ATTAIN_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ATTAIN_ADMIN_TOKEN: randomBytes(32).toString('base64url'),
      LOG_LEVEL: options.logLevel,
      // The bench measures throughput, not the per-client allowance.
      INGEST_RATE_LIMIT_PER_MINUTE: '1000000000',
    };
    return new BenchSystem(
      database,
      base,
      env,
      admin,
      new Redis(options.redisUrl, { maxRetriesPerRequest: 3 }),
      dataDir,
    );
  }

  get prefix(): string {
    return this.env.QUEUE_PREFIX as string;
  }

  /** Starts the API and waits until it is ready (the first start migrates the database). */
  async startApi(): Promise<Service> {
    const api = this.spawn('api', 'services/api/dist/main.js', {});
    await this.until(async () => (await fetch(`${this.base}/health/ready`).catch(() => undefined))?.ok === true, api);
    return api;
  }

  /** Starts worker processes; each serves /metrics on its own port once its processors run. */
  async startWorkers(count: number): Promise<Service[]> {
    const workers: Service[] = [];
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const worker = this.spawn(`worker ${i + 1}`, 'services/worker/dist/main.js', { METRICS_PORT: String(port) });
      workers.push(worker);
      await this.until(
        async () => (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined)) !== undefined,
        worker,
      );
    }
    return workers;
  }

  /** Peak resident set (VmHWM, kB → MB) of each running service, by name. */
  async peakRss(): Promise<Map<string, number>> {
    const peaks = new Map<string, number>();
    for (const service of this.running()) {
      const status = await readFile(`/proc/${service.child.pid ?? 0}/status`, 'utf8').catch(() => '');
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
      if (kb !== undefined) peaks.set(service.name, Number(kb) / 1024);
    }
    return peaks;
  }

  /** Stops every service (SIGTERM, then SIGKILL after 10 s). */
  async stopAll(): Promise<void> {
    const running = this.running();
    for (const service of running) service.child.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    }, 10_000);
    await Promise.all(running.map((service) => exited(service.child)));
    clearTimeout(killer);
    this.services = [];
  }

  /** Forgets queued work (outbox rows and this prefix's Redis keys) so that the next section starts idle. */
  async resetQueues(): Promise<void> {
    await this.db.query('delete from outbox');
    await this.deleteRedisKeys();
  }

  async adminCall(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.env.ATTAIN_ADMIN_TOKEN ?? ''}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /** A new LMS client (the API must be running). */
  async createClient(name: string): Promise<LmsClient> {
    const client = await this.adminCall('POST', '/admin/lms-clients', { name });
    return { id: client.id as string, hmacSecret: client.hmacSecret as string };
  }

  /** Maps one activity to each of the framework's forty statements. */
  async addMappings(): Promise<void> {
    await this.adminCall(
      'POST',
      '/admin/mappings',
      CODES.map((code) => ({
        activityId: activityOf(code),
        framework: FRAMEWORK.id,
        version: FRAMEWORK.version,
        statements: [code],
      })),
    );
  }

  async count(text: string, values: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(text, values);
    return Number(rows[0]?.n ?? 0);
  }

  /** The last lines each service wrote, for an error report. */
  outputTail(): string {
    return this.services.map((s) => `--- ${s.name}\n${s.output().slice(-2000)}`).join('\n');
  }

  /** Stops the services, drops the database, deletes the Redis keys and the data folder; once. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.stopAll().catch(() => undefined);
    await this.db.end().catch(() => undefined);
    await this.deleteRedisKeys().catch(() => undefined);
    this.redis.disconnect();
    await this.admin.query(`drop database if exists ${this.database} with (force)`);
    await this.admin.end();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private running(): Service[] {
    return this.services.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  }

  private spawn(name: string, script: string, extra: Record<string, string>): Service {
    const service = { name, ...start(script, { ...this.env, ...extra }) };
    this.services.push(service);
    return service;
  }

  private async until(check: () => Promise<boolean>, service: Service): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await check().catch(() => false))) {
      if (service.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${service.name} did not become ready:\n${service.output().slice(-3000)}`);
      await sleep(100);
    }
  }

  /** The queues' keys (`<prefix>:…`) and the ingest rate-limit counters (`<prefix>-rate-…`). */
  private async deleteRedisKeys(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await this.redis.del(...keys);
    } while (cursor !== '0');
  }
}
