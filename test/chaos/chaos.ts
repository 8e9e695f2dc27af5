import { Command } from 'commander';
import { runChaos } from './chaos-run.js';

// npm run chaos -- --agents 1000 [--workers 2] [--kill-every-ms 3000] [--flushall]
const program = new Command('chaos')
  .description('Drive agents through a running Attain while killing workers, wiping Redis and cutting Postgres off')
  .option('--agents <n>', 'agents, 40 results each', '1000')
  .option('--workers <n>', 'worker processes', '2')
  .option('--kill-every-ms <ms>', 'mean pause between worker SIGKILLs', '3000')
  .option('--flushall', 'FLUSHALL Redis instead of deleting only this run’s keys (a Redis of your own only)')
  .parse();
const options = program.opts<{ agents: string; workers: string; killEveryMs: string; flushall?: boolean }>();

const report = await runChaos({
  agents: Number(options.agents),
  workers: Number(options.workers),
  killEveryMs: Number(options.killEveryMs),
  flushAll: options.flushall === true,
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  log: (line) => {
    process.stdout.write(`${line}\n`);
  },
});
const rows: [string, string | number | boolean][] = [
  ['agents', report.agents],
  ['results sent', report.resultsSent],
  ['results accepted', report.resultsAccepted],
  ['results lost (must be 0)', report.resultsLost],
  ['credentials expected', report.credentialsExpected],
  ['credentials issued', report.credentialsIssued],
  ['credentials duplicated (must be 0)', report.credentialsDuplicated],
  ['credentials missing (must be 0)', report.credentialsMissing],
  ['credentials that do not verify (must be 0)', report.credentialsUnverified],
  ['workers killed (SIGKILL)', report.workersKilled],
  ['redis wiped', report.redisFlushed],
  ['postgres refused connections (ms)', report.postgresOutageMs],
  ['log lines scanned', report.logLines],
  ['log lines with a secret or e-mail (must be 0)', report.logLeaks.length],
  ['seconds', report.seconds],
];
for (const leak of report.logLeaks.slice(0, 5))
  process.stdout.write(`leak (${leak.kind}): ${leak.line.slice(0, 300)}\n`);
for (const [name, value] of rows) process.stdout.write(`${name.padEnd(48)} ${String(value)}\n`);
process.stdout.write(report.ok ? 'OK: every invariant holds\n' : 'FAILED: an invariant does not hold\n');
process.exitCode = report.ok ? 0 : 1;
