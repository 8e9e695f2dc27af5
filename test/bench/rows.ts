import type { FillReport } from './growth-fill.js';
import type { IngestCheck, IngestFigures, IngestRun } from './ingest.js';
import type { Memory, PhaseFigures } from './phase.js';
import { compared, num, type Row } from './report.js';
import type { SigningFigures } from './signing.js';

export function signingRows(
  main: SigningFigures | undefined,
  singleGc: SigningFigures | undefined,
  problem: string,
): Row[] {
  const s = '1 signing';
  if (main === undefined) return [{ section: s, figure: 'signing bench', value: `not available (${problem})` }];
  const rows = [
    compared(s, 'issue (build + sign) /s: stock suite', main.stockIssuePerSec, undefined),
    compared(s, 'issue /s: ours (fast), baseline stock', main.fastIssuePerSec, main.stockIssuePerSec),
    compared(s, 'verify /s: stock suite', main.stockVerifyPerSec, undefined),
    compared(s, 'verify /s: ours (fast), baseline stock', main.fastVerifyPerSec, main.stockVerifyPerSec),
  ];
  const cpu = main.perCpuSecond;
  if (cpu !== undefined)
    rows.push(
      compared(s, 'issue per CPU-second: ours, baseline stock', cpu.fastIssue, cpu.stockIssue),
      compared(s, 'verify per CPU-second: ours, baseline stock', cpu.fastVerify, cpu.stockVerify),
    );
  if (singleGc === undefined)
    return [...rows, { section: s, figure: 'node --single-threaded-gc run', value: `not available (${problem})` }];
  const g = '1 signing, node --single-threaded-gc';
  return [
    ...rows,
    compared(g, 'issue /s: stock, baseline default GC', singleGc.stockIssuePerSec, main.stockIssuePerSec),
    compared(g, 'issue /s: ours, baseline default GC', singleGc.fastIssuePerSec, main.fastIssuePerSec),
    compared(g, 'verify /s: stock, baseline default GC', singleGc.stockVerifyPerSec, main.stockVerifyPerSec),
    compared(g, 'verify /s: ours, baseline default GC', singleGc.fastVerifyPerSec, main.fastVerifyPerSec),
  ];
}

export function ingestRows(ingest: IngestFigures, connections: number): Row[] {
  const s = '2 ingest';
  const run = (label: string, r: IngestRun, baseline?: number): Row[] => [
    compared(s, `${label}: results/s (202 only)`, r.resultsPerSec, baseline),
    compared(s, `${label}: p50 latency ms`, r.p50, undefined, { digits: 1 }),
    compared(s, `${label}: p99 latency ms`, r.p99, undefined, { digits: 1 }),
    ...refusedRow(label, r),
  ];
  return [
    ...run(`(a) max, 1 result/request, ${connections} conns`, ingest.max),
    ...run('(b) fixed 1,000 results/s, 32 conns', ingest.fixed),
    ...run(`(c) max, 20 results/request, ${connections} conns, baseline (a)`, ingest.batch, ingest.max.resultsPerSec),
    checkRow('(a)', ingest.max.check),
    checkRow('(b)', ingest.fixed.check),
    checkRow('(c)', ingest.batch.check),
  ];
}

function refusedRow(label: string, r: IngestRun): Row[] {
  const entries = Object.entries(r.refused);
  if (entries.length === 0) return [];
  return [{ section: '2 ingest', figure: `${label}: not 202`, value: entries.map(([k, v]) => `${k}×${v}`).join(' ') }];
}

function checkRow(label: string, c: IngestCheck): Row {
  return {
    section: '2 ingest',
    figure: `${label} assessment_events rows = 202-accepted results`,
    value:
      `${c.ok ? 'OK' : 'FAILED'}: ${num(c.accepted)} accepted, ${num(c.stored)} rows, ${num(c.missing)} missing, ` +
      `${num(c.unanswered)} from requests unanswered at stop`,
  };
}

export function endToEndRows(
  e2e: NonNullable<PhaseFigures['e2e']>,
  workers: number,
  capacity: number | undefined,
): Row[] {
  const s = '3 end to end';
  const overhead = capacity === undefined ? undefined : 1 - e2e.issuePerSec / capacity;
  return [
    compared(s, `credentials stored /s, saturated, ${workers} workers`, e2e.issuePerSec, undefined, { digits: 1 }),
    compared(s, 'latency phase: agents/s offered (half the rate)', e2e.agentsPerSec, undefined, { digits: 2 }),
    compared(s, 'completing result 202 → credential stored: p50 ms', e2e.p50),
    compared(s, 'completing result 202 → credential stored: p99 ms', e2e.p99),
    compared(s, 'completing result 202 → credential stored: max ms', e2e.max),
    compared(s, 'credentials in the latency sample', e2e.credentials),
    {
      section: s,
      figure: 'pipeline overhead = 1 − (credentials/s) ÷ (section 1 fast issues per CPU-second × min(workers, cores))',
      value: overhead === undefined ? 'n/a (no signing figures)' : `${(overhead * 100).toFixed(1)}%`,
      baseline: capacity === undefined ? '' : `${num(capacity, 1)}/s`,
    },
  ];
}

export function fillRows(fill: FillReport): Row[] {
  const s = '4 growth';
  return [
    {
      section: s,
      figure: `fill time (${num(fill.learners)} learners, insert … select + analyze)`,
      value: `${fill.seconds.toFixed(1)} s`,
    },
    ...Object.entries(fill.rows).map(([table, n]) => ({
      section: s,
      figure: `rows in ${table} after the fill`,
      value: num(n),
    })),
  ];
}

/** The growth database's figures next to the empty database's, as % difference. */
export function growthRows(grown: PhaseFigures, empty: PhaseFigures): Row[] {
  const s = '4 growth vs empty';
  const rows: Row[] = [];
  const add = (figure: string, value: number | undefined, baseline: number | undefined, digits = 0): void => {
    rows.push(compared(s, figure, value, baseline, { digits, percent: true }));
  };
  const [g, e] = [grown.ingest, empty.ingest];
  if (g !== undefined) {
    add('ingest (a) results/s', g.max.resultsPerSec, e?.max.resultsPerSec);
    add('ingest (a) p99 ms', g.max.p99, e?.max.p99, 1);
    add('ingest (b) p50 ms at 1,000/s', g.fixed.p50, e?.fixed.p50, 1);
    add('ingest (b) p99 ms at 1,000/s', g.fixed.p99, e?.fixed.p99, 1);
    add('ingest (c) results/s, batches of 20', g.batch.resultsPerSec, e?.batch.resultsPerSec);
    const ok = g.max.check.ok && g.fixed.check.ok && g.batch.check.ok;
    rows.push({ section: s, figure: 'ingest DB checks (a), (b), (c)', value: ok ? 'OK' : 'FAILED' });
  }
  if (grown.e2e !== undefined) {
    add('end to end credentials/s', grown.e2e.issuePerSec, empty.e2e?.issuePerSec, 1);
    add('end to end latency p50 ms', grown.e2e.p50, empty.e2e?.p50);
    add('end to end latency p99 ms', grown.e2e.p99, empty.e2e?.p99);
  }
  return rows;
}

export function memoryRows(memory: Memory, baseline: Memory | undefined, label: string): Row[] {
  const s = `5 peak RSS (VmHWM) ${label}`;
  const entries: [string, keyof Memory][] = [
    ['API, ingest section, MB', 'apiIngest'],
    ['worker (largest), ingest section, MB', 'workersIngest'],
    ['API, end-to-end section, MB', 'apiE2e'],
    ['worker (largest), end-to-end section, MB', 'workersE2e'],
  ];
  return entries
    .filter(([, key]) => memory[key] !== undefined)
    .map(([figure, key]) => compared(s, figure, memory[key], baseline?.[key], { percent: true }));
}
