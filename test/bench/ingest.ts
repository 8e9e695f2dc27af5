import autocannon from 'autocannon';
import { CODES, passingResult, quantile, signedHeaders, type AssessmentResult, type LmsClient } from './lms.js';
import type { BenchSystem } from './system.js';

export interface IngestRun {
  /** Results stored per second, counting only results whose request was answered 202. */
  resultsPerSec: number;
  requestsPerSec: number;
  /** Latency of the 202 answers, ms. */
  p50: number;
  p99: number;
  /** Answers other than 202, by status (and connection errors as `error`). */
  refused: Record<string, number>;
  check: IngestCheck;
}

/** Is every result answered 202 in the database, and nothing else but requests left unanswered at the stop? */
export interface IngestCheck {
  accepted: number;
  stored: number;
  missing: number;
  /** Rows of requests still in flight when autocannon stopped (it drops their answers). */
  unanswered: number;
  ok: boolean;
}

export interface IngestFigures {
  max: IngestRun;
  fixed: IngestRun;
  batch: IngestRun;
}

export interface IngestOptions {
  seconds: number;
  connections: number;
  /** The fixed rate of (b), results (= requests) per second. */
  rate: number;
  rateConnections: number;
  batchSize: number;
  log: (line: string) => void;
}

const LEARNERS = 1000;

/**
 * Section 2: durable ingest over HTTP against the running API. Every request carries freshly made
 * results (new event ids) and is signed as it is sent, so none is a replay or a duplicate.
 */
export async function benchIngest(system: BenchSystem, options: IngestOptions): Promise<IngestFigures> {
  const run = async (name: string, seconds: number, connections: number, batch: number, rate?: number) => {
    const client = await system.createClient(`bench ${name}`);
    const figures = await cannon(system, client, { name, seconds, connections, batch, ...(rate ? { rate } : {}) });
    if (name !== 'warm-up')
      options.log(
        `  ingest ${name}: ${Math.round(figures.resultsPerSec)} results/s, p50 ${figures.p50.toFixed(1)} ms, ` +
          `p99 ${figures.p99.toFixed(1)} ms; check ${figures.check.ok ? 'ok' : 'FAILED'}`,
      );
    return figures;
  };
  await run('warm-up', 2, 16, 1);
  const max = await run('max', options.seconds, options.connections, 1);
  const fixed = await run('fixed-rate', options.seconds, options.rateConnections, 1, options.rate);
  const batch = await run('batch', options.seconds, options.connections, options.batchSize);
  return { max, fixed, batch };
}

async function cannon(
  system: BenchSystem,
  client: LmsClient,
  o: { name: string; seconds: number; connections: number; batch: number; rate?: number },
): Promise<IngestRun> {
  const completedAt = new Date(Date.now() - 60_000).toISOString();
  const acceptedIds: string[] = [];
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  const build = (): string => {
    const results: AssessmentResult[] = [];
    for (let i = 0; i < o.batch; i++) {
      const learner = `ingest-${o.name}-${Math.floor(Math.random() * LEARNERS)}`;
      results.push(passingResult(learner, CODES[Math.floor(Math.random() * CODES.length)] as string, completedAt));
    }
    return JSON.stringify(o.batch === 1 ? results[0] : results);
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: system.base,
        connections: o.connections,
        duration: o.seconds,
        ...(o.rate === undefined ? {} : { overallRate: o.rate }),
        excludeErrorStats: true,
        requests: [
          {
            method: 'POST',
            path: '/v1/assessment-results',
            // Called for every request as it is sent: a new body, signed with the current time.
            setupRequest: (request) => {
              sent++;
              const body = build();
              return { ...request, body, headers: signedHeaders(client, body) };
            },
            onResponse: (status, body) => {
              if (status !== 202) return;
              const answer = JSON.parse(body) as { results: { eventId: string }[] };
              for (const r of answer.results) acceptedIds.push(r.eventId);
            },
          },
        ],
      },
      (error: unknown, done: autocannon.Result) => {
        if (error instanceof Error) reject(error);
        else resolve(done);
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      answered++;
      if (status === 202) latencies.push(ms);
      else refused[String(status)] = (refused[String(status)] ?? 0) + 1;
    });
  });
  if (result.errors > 0) refused.error = result.errors;
  latencies.sort((a, b) => a - b);
  return {
    resultsPerSec: acceptedIds.length / result.duration,
    requestsPerSec: latencies.length / result.duration,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    refused,
    check: await check(system, client, acceptedIds, Math.max(0, sent - answered) * o.batch),
  };
}

async function check(
  system: BenchSystem,
  client: LmsClient,
  acceptedIds: string[],
  inFlight: number,
): Promise<IngestCheck> {
  const stored = await system.count('select count(*) as n from assessment_events where lms_client_id = $1', [
    client.id,
  ]);
  const found = await system.count(
    'select count(*) as n from assessment_events where lms_client_id = $1 and event_id = any($2::text[])',
    [client.id, acceptedIds],
  );
  const missing = acceptedIds.length - found;
  const unanswered = stored - found;
  return { accepted: acceptedIds.length, stored, missing, unanswered, ok: missing === 0 && unanswered <= inFlight };
}
