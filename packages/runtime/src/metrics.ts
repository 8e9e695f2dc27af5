import { createServer, type Server } from 'node:http';
import { countOutbox, type Db } from '@attain/db';
import type { QueueProducer } from '@attain/queue';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

// One registry per process (prom-client's default); the gauges read every registered source at
// scrape time, so a process that hosts several runtimes (tests) reports their sum.
const sources = new Set<{ db: Db; producer: QueueProducer }>();
let defaultsCollected = false;

export const metrics = {
  httpDuration: new Histogram({
    name: 'attain_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  }),
  ingested: new Counter({
    name: 'attain_ingested_results_total',
    help: 'Assessment results received, by source (native, xapi) and outcome (accepted, duplicate)',
    labelNames: ['source', 'outcome'] as const,
  }),
  jobs: new Counter({
    name: 'attain_jobs_total',
    help: 'Pipeline jobs run, by queue and outcome (completed, failed)',
    labelNames: ['queue', 'outcome'] as const,
  }),
  jobDuration: new Histogram({
    name: 'attain_job_duration_seconds',
    help: 'Pipeline job duration by queue',
    labelNames: ['queue'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  credentials: new Counter({
    name: 'attain_credentials_issued_total',
    help: 'Credentials issued, by kind (issued, renewed)',
    labelNames: ['kind'] as const,
  }),
  rateLimited: new Counter({
    name: 'attain_rate_limited_total',
    help: 'Requests refused with 429, by route',
    labelNames: ['route'] as const,
  }),
};

new Gauge({
  name: 'attain_queue_jobs',
  help: 'Jobs in each BullMQ queue by state',
  labelNames: ['queue', 'state'] as const,
  async collect() {
    this.reset();
    for (const { producer } of sources) {
      const counts = await producer.counts();
      for (const [queue, states] of Object.entries(counts))
        for (const [state, n] of Object.entries(states)) this.inc({ queue, state }, n);
    }
  },
});

new Gauge({
  name: 'attain_queue_oldest_waiting_seconds',
  help: 'Age of the oldest job waiting in each queue',
  labelNames: ['queue'] as const,
  async collect() {
    this.reset();
    for (const { producer } of sources) {
      for (const [queue, at] of Object.entries(await producer.oldestWaiting()))
        this.set({ queue }, at === undefined ? 0 : Math.max(0, (Date.now() - at) / 1000));
    }
  },
});

new Gauge({
  name: 'attain_outbox_pending',
  help: 'Committed work not yet finished (the outbox in Postgres)',
  async collect() {
    let total = 0;
    for (const { db } of sources) total += await countOutbox(db);
    this.set(total);
  },
});

new Gauge({
  name: 'attain_outbox_oldest_seconds',
  help: 'Age of the oldest unfinished work: how far the pipeline (and its relay) lags',
  async collect() {
    let oldest = 0;
    for (const { db } of sources) {
      const { rows } = await sql<{ age: number | null }>`
        select extract(epoch from now() - min(created_at))::float8 as age from outbox where dead_at is null`.execute(
        db,
      );
      oldest = Math.max(oldest, rows[0]?.age ?? 0);
    }
    this.set(oldest);
  },
});

new Gauge({
  name: 'attain_dead_letters',
  help: 'Pipeline work set aside after too many attempts, and dead notification deliveries',
  labelNames: ['kind'] as const,
  async collect() {
    this.reset();
    for (const { db } of sources) {
      const { rows } = await sql<{ work: string; deliveries: string }>`
        select (select count(*) from outbox where dead_at is not null) as work,
               (select count(*) from deliveries where status = 'dead') as deliveries`.execute(db);
      this.inc({ kind: 'work' }, Number(rows[0]?.work ?? 0));
      this.inc({ kind: 'delivery' }, Number(rows[0]?.deliveries ?? 0));
    }
  },
});

/** Adds a runtime's database and queues to what /metrics reports; returns how to remove them. */
export function registerMetricsSource(source: { db: Db; producer: QueueProducer }): () => void {
  if (!defaultsCollected) {
    collectDefaultMetrics({ prefix: 'attain_' });
    defaultsCollected = true;
  }
  sources.add(source);
  return () => sources.delete(source);
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}

/** /metrics on its own port, for processes that serve no HTTP otherwise (the worker role). */
export function startMetricsServer(port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    metricsText().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      (error: unknown) => response.writeHead(500).end((error as Error).message),
    );
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      resolve(server);
    });
  });
}
