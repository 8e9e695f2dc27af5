import { agentBatch, LEVELS, postResults, quantile, sleep, type LmsClient } from './lms.js';
import type { BenchSystem } from './system.js';

export interface EndToEndFigures {
  /** Credentials stored per second with the pipeline saturated. */
  issuePerSec: number;
  /** Agents per second offered in the latency phase (half the issuance rate, 4 credentials each). */
  agentsPerSec: number;
  /** From the 202 of the request whose results complete a level to its stored credential, ms. */
  p50: number;
  p99: number;
  max: number;
  credentials: number;
}

export interface EndToEndOptions {
  seconds: number;
  log: (line: string) => void;
}

/** Work kept queued ahead of issuance while the rate is measured: seconds of it, in agents (bounded). */
const BACKLOG_SECONDS = 10;
const MIN_BACKLOG_AGENTS = 8;
const MAX_BACKLOG_AGENTS = 250;
const PER_AGENT = LEVELS.length;

/**
 * Section 3, with the API and the workers running: the saturated issuance rate, then the latency
 * from a level's completing result to its stored credential at half that rate.
 */
export async function benchEndToEnd(system: BenchSystem, options: EndToEndOptions): Promise<EndToEndFigures> {
  await seedAgents(system, await system.createClient('bench e2e warm-up'), 4);
  const issuePerSec = await maxIssuance(system, await system.createClient('bench e2e max'), options);
  options.log(`  end to end: ${issuePerSec.toFixed(1)} credentials/s sustained`);
  const agentsPerSec = issuePerSec / PER_AGENT / 2;
  const latency = await latencyAt(system, await system.createClient('bench e2e latency'), agentsPerSec, options);
  options.log(`  end to end at half rate: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms`);
  return { issuePerSec, agentsPerSec, ...latency };
}

/** Posts `agents` agents and waits for their credentials (a warm-up, or a template for the growth fill). */
export async function seedAgents(system: BenchSystem, client: LmsClient, agents: number): Promise<void> {
  for (let i = 0; i < agents; i++) await post(system, client, `seed-${i}`);
  await waitFor(system, client, agents * PER_AGENT, 120_000);
}

async function maxIssuance(system: BenchSystem, client: LmsClient, options: EndToEndOptions): Promise<number> {
  const state = { feeding: true, posted: 0, backlog: MIN_BACKLOG_AGENTS, failure: undefined as Error | undefined };
  const samples: { at: number; issued: number }[] = [];
  const sample = async () => {
    if (state.failure !== undefined) throw state.failure;
    const last = { at: 0, issued: await issuedFor(system, client) };
    last.at = Date.now();
    samples.push(last);
    // Keep BACKLOG_SECONDS of work (at the rate of the last five seconds) ahead of the issued credentials.
    const past = samples.find((s) => s.at >= last.at - 5000) ?? last;
    const rate = last.at > past.at ? (last.issued - past.issued) / ((last.at - past.at) / 1000) : 0;
    state.backlog = Math.min(
      MAX_BACKLOG_AGENTS,
      Math.max(MIN_BACKLOG_AGENTS, Math.ceil((rate * BACKLOG_SECONDS) / PER_AGENT)),
    );
    return last;
  };
  // In the background until the measurement ends; the first failure stops them and fails the measurement.
  const background = (task: () => Promise<void>) =>
    task().catch((error: unknown) => {
      state.failure ??= error instanceof Error ? error : new Error(String(error));
      state.feeding = false;
    });
  // Four posters keep the backlog full: the pipeline is saturated, never idle, its queues bounded.
  const feeders = Array.from({ length: 4 }, () =>
    background(async () => {
      while (state.feeding) {
        const issued = samples.at(-1)?.issued ?? 0;
        if (state.posted - issued / PER_AGENT >= state.backlog) await sleep(20);
        else await post(system, client, `max-${state.posted++}`);
      }
    }),
  );
  const poller = background(async () => {
    while (state.feeding) {
      await sample();
      await sleep(250);
    }
  });
  try {
    // Warm-up: until credentials flow, then a quarter of the measurement (at least 2 s) more.
    const deadline = Date.now() + 120_000;
    while ((await sample()).issued === 0 && Date.now() < deadline) await sleep(100);
    // Sleeps that end early when a background task failed (the next sample throws its error).
    const wait = async (ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end && state.failure === undefined;)
        await sleep(Math.min(250, end - Date.now()));
    };
    await wait(Math.max(2, options.seconds / 4) * 1000);
    const first = await sample();
    await wait(options.seconds * 1000);
    const last = await sample();
    return (last.issued - first.issued) / ((last.at - first.at) / 1000);
  } finally {
    state.feeding = false;
    await Promise.all([...feeders, poller]);
    if (state.failure === undefined)
      await waitFor(system, client, state.posted * PER_AGENT, 120_000 + state.posted * 400);
  }
}

async function latencyAt(
  system: BenchSystem,
  client: LmsClient,
  agentsPerSec: number,
  options: EndToEndOptions,
): Promise<Omit<EndToEndFigures, 'issuePerSec' | 'agentsPerSec'>> {
  const agents = Math.max(1, Math.round(agentsPerSec * options.seconds));
  const acceptedAt = new Map<string, number>();
  const failures: unknown[] = [];
  const started = Date.now();
  const posts: Promise<void>[] = [];
  // Open loop: agent k is posted at its scheduled time whether or not earlier ones are done.
  for (let k = 0; k < agents && failures.length === 0; k++) {
    const due = started + (k * 1000) / agentsPerSec;
    if (due > Date.now()) await sleep(due - Date.now());
    const agent = `latency-${k}`;
    posts.push(
      post(system, client, agent).then(
        (at) => {
          acceptedAt.set(agent, at);
        },
        (error: unknown) => {
          failures.push(error);
        },
      ),
    );
  }
  await Promise.all(posts);
  if (failures.length > 0) throw failures[0];
  await waitFor(system, client, agents * PER_AGENT, 120_000 + agents * 200);
  // issued_at is Postgres now() in the issuing transaction (both clocks are this machine's).
  const { rows } = await system.db.query<{ agent: string; at: string }>(
    `select l.lms_user_id as agent, extract(epoch from c.issued_at) * 1000 as at
       from credentials c join learners l on l.id = c.learner_id where l.lms_client_id = $1`,
    [client.id],
  );
  const latencies = rows.map((r) => Number(r.at) - (acceptedAt.get(r.agent) as number)).sort((a, b) => a - b);
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    credentials: latencies.length,
  };
}

/** Posts the agent's 40-result batch; resolves with the moment of the 202. */
async function post(system: BenchSystem, client: LmsClient, agent: string): Promise<number> {
  const answer = await postResults(system.base, client, agentBatch(agent));
  if (answer.status !== 202) throw new Error(`ingest answered ${answer.status} for ${agent}`);
  return answer.at;
}

/** Credentials of the client's learners (uses the learners' (client, user) index, whatever the table sizes). */
async function issuedFor(system: BenchSystem, client: LmsClient): Promise<number> {
  return system.count(
    'select count(*) as n from credentials c join learners l on l.id = c.learner_id where l.lms_client_id = $1',
    [client.id],
  );
}

async function waitFor(system: BenchSystem, client: LmsClient, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const issued = await issuedFor(system, client);
    if (issued >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`timed out: ${issued} of ${expected} credentials\n${system.outputTail()}`);
    await sleep(200);
  }
}
