import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import pg from 'pg';
import { fillForGrowth, prepare, runPhase, type PhaseFigures } from './phase.js';
import { benchHostile, hostileRows, type HostileFigures } from './hostile.js';
import { formatTable, machineRows, type Row } from './report.js';
import { endToEndRows, fillRows, growthRows, ingestRows, memoryRows, signingRows } from './rows.js';
import { benchSigning, benchSigningInChild, signingBenchPath, type SigningFigures } from './signing.js';
import { BenchSystem } from './system.js';

// npm run bench -- [--only signing,ingest,e2e,growth] [--seconds 20] [--skip-growth]
//   [--growth-results 1000000] [--growth-credentials 100000]
const SECTIONS = ['signing', 'ingest', 'e2e', 'growth', 'hostile'] as const;
const program = new Command('bench')
  .description(
    'Measure signing, durable ingest, the pipeline end to end, the effect of a grown database and hostile verification input',
  )
  .option('--only <sections>', `comma-separated, of ${SECTIONS.join(', ')}`, SECTIONS.join(','))
  .option('--seconds <n>', 'length of each measurement (the growth re-runs take half)', '20')
  .option('--growth-results <n>', 'assessment events in the grown database', '1000000')
  .option('--growth-credentials <n>', 'credentials in the grown database', '100000')
  .option('--skip-growth', 'leave out section 4')
  .option('--workers <n>', 'worker processes in the end-to-end section', '2')
  .option('--connections <n>', 'autocannon connections of the max-throughput ingest runs', '64')
  .option('--ingest-with-workers', 'run the workers during the ingest section too')
  .option('--log-level <level>', "the services' LOG_LEVEL (info adds a log line per request)", 'warn')
  .parse();
const opts = program.opts<{
  only: string;
  seconds: string;
  growthResults: string;
  growthCredentials: string;
  skipGrowth?: boolean;
  workers: string;
  connections: string;
  ingestWithWorkers?: boolean;
  logLevel: string;
}>();
const only = new Set(opts.only.split(',').map((s) => s.trim()));
for (const name of only)
  if (!(SECTIONS as readonly string[]).includes(name)) program.error(`--only: unknown section ${name}`);
if (opts.skipGrowth === true) only.delete('growth');
const seconds = Number(opts.seconds);
const workers = Number(opts.workers);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const started = Date.now();

// Section 1, in this process and again in a child under --single-threaded-gc.
let signing: SigningFigures | undefined;
let signingSingleGc: SigningFigures | undefined;
let signingProblem = `${signingBenchPath()} is not built`;
if (only.has('signing')) {
  log('1 signing');
  try {
    signing = await benchSigning({ seconds });
    if (signing !== undefined) signingSingleGc = await benchSigningInChild(['--single-threaded-gc'], seconds);
  } catch (error) {
    signingProblem = `failed: ${(error as Error).message.slice(0, 300)}`;
    log(`signing bench ${signingProblem}`);
  }
}

// Sections 2 to 5 on one fresh database; the growth phase re-runs the sections chosen (both when
// neither is) on the same database after the fill.
const phase = { ingest: only.has('ingest'), e2e: only.has('e2e') };
const rows: Row[] = [];
let empty: PhaseFigures | undefined;
let grown: PhaseFigures | undefined;
let hostile: HostileFigures | undefined;
if (phase.ingest || phase.e2e || only.has('growth') || only.has('hostile')) {
  const system = await BenchSystem.create({ databaseUrl, redisUrl, logLevel: opts.logLevel });
  const stop = (): void => {
    log('interrupted: cleaning up');
    // What was running fails as its services go away; only the clean-up matters now.
    process.on('unhandledRejection', () => undefined);
    void system.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    log(`database ${system.database}, queue prefix ${system.prefix}`);
    await prepare(system);
    const common = {
      workers,
      connections: Number(opts.connections),
      ingestWithWorkers: opts.ingestWithWorkers === true,
      log,
    };
    if (only.has('hostile')) {
      log('6 hostile verification');
      await system.startApi();
      hostile = await benchHostile(system, { seconds, log });
      await system.stopAll();
    }
    if (phase.ingest || phase.e2e) {
      log('2, 3 on the empty database');
      empty = await runPhase(system, { ...phase, ...common, seconds });
    }
    if (only.has('growth')) {
      log('4 growth: filling');
      const fill = await fillForGrowth(system, {
        results: Number(opts.growthResults),
        credentials: Number(opts.growthCredentials),
        log,
      });
      rows.push(...fillRows(fill));
      log('4 growth: 2, 3 on the grown database');
      const both = !phase.ingest && !phase.e2e;
      grown = await runPhase(system, {
        ingest: phase.ingest || both,
        e2e: phase.e2e || both,
        ...common,
        seconds: Math.max(5, Math.round(seconds / 2)),
      });
    }
  } catch (error) {
    const cause = (error as Error).cause === undefined ? '' : ` (cause: ${String((error as Error).cause)})`;
    log(`bench failed: ${(error as Error).stack ?? String(error)}${cause}\n${system.outputTail()}`);
    process.exitCode = 1;
  } finally {
    await system.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

// What the worker processes' cores could sign if they did nothing else (per CPU-second: other
// load on the machine does not lower it; the wall-clock rate when the bench gives no CPU figures).
const fastPerCore = signing?.perCpuSecond?.fastIssue ?? signing?.fastIssuePerSec;
const capacity = fastPerCore === undefined ? undefined : fastPerCore * Math.min(workers, availableParallelism());
const table: Row[] = [
  ...machineRows(await postgresVersion(), seconds),
  ...(only.has('signing') ? signingRows(signing, signingSingleGc, signingProblem) : []),
  ...(empty?.ingest === undefined ? [] : ingestRows(empty.ingest, Number(opts.connections))),
  ...(empty?.e2e === undefined ? [] : endToEndRows(empty.e2e, workers, capacity)),
  ...rows,
  ...(grown === undefined ? [] : growthRows(grown, empty ?? { memory: {} })),
  ...(empty === undefined ? [] : memoryRows(empty.memory, undefined, 'empty database')),
  ...(grown === undefined ? [] : memoryRows(grown.memory, empty?.memory, 'grown database, baseline empty')),
  ...(hostile === undefined ? [] : hostileRows(hostile)),
  { section: 'run', figure: 'wall time', value: `${Math.round((Date.now() - started) / 1000)} s` },
];
process.stdout.write(`\n${formatTable(table)}\n`);

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows: r } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return r[0]?.v ?? 'unknown';
  } catch {
    return 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
}
