import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { CLIENT_HEADER, openSecret, SIGNATURE_HEADER, signIngestBody, TIMESTAMP_HEADER } from '@attain/runtime';
import { Redis } from 'ioredis';
import pg from 'pg';
import { exited, freePort, start } from '../support/processes.js';

export interface ChaosOptions {
  agents: number;
  workers: number;
  /** Postgres server URL (any database on it); a fresh database is made for the run. */
  databaseUrl: string;
  redisUrl: string;
  /** Mean pause between SIGKILLs of a random worker. */
  killEveryMs: number;
  /** FLUSHALL instead of deleting only this run's keys (never on a Redis shared with others). */
  flushAll: boolean;
  /** The services' log level; the leak scan reads every line they write. */
  logLevel?: 'debug' | 'info' | 'warn';
  log: (line: string) => void;
}

export interface ChaosReport {
  agents: number;
  resultsSent: number;
  resultsAccepted: number;
  resultsLost: number;
  credentialsExpected: number;
  credentialsIssued: number;
  credentialsDuplicated: number;
  credentialsMissing: number;
  credentialsUnverified: number;
  workersKilled: number;
  redisFlushed: boolean;
  postgresOutageMs: number;
  /** Log lines of the services that hold a secret, a key, a token or an e-mail address. */
  logLeaks: { kind: string; line: string }[];
  logLines: number;
  seconds: number;
  ok: boolean;
}

const LEVELS = ['emerging', 'developing', 'proficient', 'advanced'];
const CODES = LEVELS.flatMap((level) => Array.from({ length: 10 }, (_, i) => `${level}-${i + 1}`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The chaos run: an API and several worker processes on their own database and queue prefix; every
 * agent posts 40 passing results while workers are SIGKILLed at random, this run's Redis data is
 * wiped once and the database refuses connections for a while. Then the invariants are counted.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const database = `attain_chaos_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const dbUrl = new URL(options.databaseUrl);
  dbUrl.pathname = `/${database}`;
  const prefix = `chaos_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'attain-chaos-'));
  const adminToken = randomBytes(32).toString('base64url');
  const keyEncryptionKey = randomBytes(32);
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    PUBLIC_URL: base,
    ATTAIN_DATA_DIR: dataDir,
    ATTAIN_KEY_ENCRYPTION_KEY: keyEncryptionKey.toString('base64'),
    ATTAIN_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: options.logLevel ?? 'info',
    RELAY_INTERVAL_MS: '500',
    OUTBOX_RETRY_AFTER_MS: '3000',
    // Work delayed by the faults is re-driven within seconds, not the production 15 minutes.
    OUTBOX_MAX_BACKOFF_MS: '5000',
    DATABASE_POOL_SIZE: '5',
    WORKER_CONCURRENCY: '8',
  };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const processes: ChildProcess[] = [];
  const outputs: (() => string)[] = [];
  let workersKilled = 0;
  let redisFlushed = false;
  let postgresOutageMs = 0;
  try {
    const api = start('services/api/dist/main.js', env);
    processes.push(api.child);
    outputs.push(api.output);
    await until(
      async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.ok === true,
      60_000,
      'the API',
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${api.output()}`);
    });
    const startWorker = (): ChildProcess => {
      const worker = start('services/worker/dist/main.js', env);
      outputs.push(worker.output);
      return worker.child;
    };
    const workers = Array.from({ length: options.workers }, startWorker);
    // As an orchestrator would: a worker that exited (one started during the outage stops at once,
    // by design) is started again.
    const supervise = (): void => {
      workers.forEach((worker, index) => {
        if (worker.exitCode !== null || worker.signalCode !== null) {
          const replacement = startWorker();
          workers[index] = replacement;
          processes.push(replacement);
        }
      });
    };
    processes.push(...workers);

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const client = await call('POST', '/admin/lms-clients', { name: 'chaos LMS' });
    await call(
      'POST',
      '/admin/mappings',
      CODES.map((code) => ({
        activityId: `https://lms.chaos/${code}`,
        framework: '41-3031.00',
        version: 'v.26.05',
        statements: [code],
      })),
    );

    // The faults, while results flow in and until the pipeline has finished with them.
    const state = { driving: true };
    const allFaults = (): boolean => redisFlushed && postgresOutageMs > 0 && workersKilled >= 3;
    const chaos = (async () => {
      let round = 0;
      // Until the results are in and every kind of fault has happened at least once.
      while (state.driving || !allFaults()) {
        await sleep(options.killEveryMs * (0.5 + Math.random()));
        round++;
        supervise();
        const index = Math.floor(Math.random() * workers.length);
        const victim = workers[index];
        if (victim !== undefined) {
          victim.kill('SIGKILL');
          await exited(victim);
          workersKilled++;
          const replacement = startWorker();
          workers[index] = replacement;
          processes.push(replacement);
        }
        if (round === 2 && !redisFlushed) {
          if (options.flushAll) await redis.flushall();
          else await deleteKeys(redis, `${prefix}:*`);
          redisFlushed = true;
          options.log('  redis: this run’s data wiped');
        }
        if (round === 3 && postgresOutageMs === 0) {
          const outageStart = Date.now();
          await admin.query(`alter database ${database} allow_connections false`);
          await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [database]);
          await sleep(3000);
          await admin.query(`alter database ${database} allow_connections true`);
          postgresOutageMs = Date.now() - outageStart;
          options.log(`  postgres: refused connections for ${postgresOutageMs} ms`);
        }
      }
    })();

    // The agents, as an LMS would send them: one signed batch each, retried on 429, 503 or no answer.
    const accepted = new Set<string>();
    let sent = 0;
    const agentIds = Array.from({ length: options.agents }, (_, i) => `chaos-agent-${i}`);
    await pool(agentIds, 8, async (agentId) => {
      const results = CODES.map((code) => ({
        eventId: randomUUID(),
        learner: { id: agentId, email: `${agentId}@brokerage.example`, name: agentId },
        activityId: `https://lms.chaos/${code}`,
        score: { scaled: 0.95 },
        completedAt: new Date(Date.now() - 60_000).toISOString(),
      }));
      sent += results.length;
      const body = JSON.stringify(results);
      for (let attempt = 1; ; attempt++) {
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await fetch(`${base}/v1/assessment-results`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [CLIENT_HEADER]: client.id as string,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signIngestBody(client.hmacSecret as string, timestamp, body),
          },
          body,
        }).catch(() => undefined);
        if (response?.status === 202) {
          const answer = (await response.json()) as { results: { eventId: string }[] };
          for (const r of answer.results) accepted.add(r.eventId);
          return;
        }
        if (response !== undefined && ![429, 503].includes(response.status))
          throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        if (attempt > 60) throw new Error(`agent ${agentId}: no 202 after ${attempt} attempts`);
        await sleep(Math.min(5000, 200 * attempt));
      }
    });
    state.driving = false;
    options.log(`  ${accepted.size} results accepted; faults go on until each kind has happened`);
    await chaos;
    options.log('  faults over; waiting for the pipeline to finish');

    // Done when no work is left in the outbox (dead letters would show up as missing credentials).
    const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });
    db.on('error', () => undefined);
    try {
      await until(
        async () => {
          supervise();
          return (await count(db, `select count(*) as n from outbox where dead_at is null`)) === 0;
        },
        Math.max(180_000, options.agents * 1000), // measured: 1,000 agents need several minutes on 2 cores
        'the outbox to drain',
      ).catch(async (error: unknown) => {
        const left = await count(db, 'select count(*) as n from outbox where dead_at is null').catch(() => -1);
        const logs = outputs.map((o) => o().slice(-1500)).join('\n---\n');
        throw new Error(`${(error as Error).message} (${left} outbox rows left)\n${logs}`);
      });
      const events = await db.query<{ event_id: string }>('select event_id from assessment_events');
      const stored = new Set(events.rows.map((r) => r.event_id));
      const resultsLost = [...accepted].filter((id) => !stored.has(id)).length;
      const issued = await count(db, 'select count(*) as n from credentials');
      const duplicated = await count(
        db,
        `select coalesce(sum(n - 1), 0) as n from (select count(*) as n from credentials c
            join attainments a on a.id = c.attainment_id group by a.learner_id, a.framework_id, a.version, a.level_key, c.round) g`,
      );
      const expected = options.agents * LEVELS.length;
      const missing =
        (await count(
          db,
          `select count(*) as n from learners l cross join (values ('emerging'), ('developing'), ('proficient'), ('advanced')) v(level)
            where not exists (select 1 from attainments a join credentials c on c.attainment_id = a.id
              where a.learner_id = l.id and a.level_key = v.level)`,
        )) +
        Math.max(0, options.agents - (await count(db, 'select count(*) as n from learners'))) * LEVELS.length;
      const ids = (await db.query<{ id: string }>('select id from credentials')).rows.map((r) => r.id);
      options.log(`  pipeline drained: verifying ${ids.length} credentials`);
      let unverified = 0;
      await pool(ids, 8, async (id) => {
        const document: unknown = await (await fetch(`${base}/credentials/${id}`)).json();
        const verification = await fetch(`${base}/credentials/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ verifiableCredential: document }),
        });
        if (verification.status !== 200) unverified++;
      });
      const keys = await db.query<{ secret_key_sealed: string }>('select secret_key_sealed from signing_keys');
      const logs = outputs.map((o) => o()).join('\n');
      const logLeaks = findLeaks(logs, {
        'admin token': [adminToken],
        'key-encryption key': [keyEncryptionKey.toString('base64'), keyEncryptionKey.toString('base64url')],
        'LMS client secret': [client.hmacSecret as string, client.xapiSecret as string],
        'signing key': keys.rows.flatMap((k) => [
          k.secret_key_sealed,
          openSecret(k.secret_key_sealed, keyEncryptionKey),
        ]),
      });
      if (logLeaks.length > 0) options.log(`  LEAKS in the logs: ${logLeaks.map((l) => l.kind).join(', ')}`);
      const report: ChaosReport = {
        agents: options.agents,
        resultsSent: sent,
        resultsAccepted: accepted.size,
        resultsLost,
        credentialsExpected: expected,
        credentialsIssued: issued,
        credentialsDuplicated: duplicated,
        credentialsMissing: missing,
        credentialsUnverified: unverified,
        workersKilled,
        redisFlushed,
        postgresOutageMs,
        logLeaks,
        logLines: logs.split('\n').length,
        seconds: Math.round((Date.now() - started) / 1000),
        ok: false,
      };
      report.ok =
        resultsLost === 0 &&
        accepted.size === sent &&
        duplicated === 0 &&
        missing === 0 &&
        issued === expected &&
        unverified === 0 &&
        logLeaks.length === 0;
      return report;
    } finally {
      await db.end();
    }
  } catch (error) {
    const logs = outputs.map((o) => o().slice(-2000)).join('\n---\n');
    throw new Error(`${(error as Error).message}\nprocess output:\n${logs}`, { cause: error });
  } finally {
    for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(processes.map((child) => exited(child)));
    if (!options.flushAll) await deleteKeys(redis, `${prefix}:*`);
    redis.disconnect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** Every log line that holds one of the secrets, or anything shaped like an e-mail address. */
export function findLeaks(logs: string, secrets: Record<string, string[]>): { kind: string; line: string }[] {
  const leaks: { kind: string; line: string }[] = [];
  for (const line of logs.split('\n')) {
    for (const [kind, values] of Object.entries(secrets)) {
      if (values.some((value) => value.length >= 8 && line.includes(value))) leaks.push({ kind, line });
    }
    if (EMAIL.test(line)) leaks.push({ kind: 'e-mail address', line });
  }
  return leaks;
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function pool<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await run(item);
      }
    }),
  );
}

async function count(client: pg.Client | pg.Pool, text: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(text);
  return Number(rows[0]?.n ?? 0);
}
