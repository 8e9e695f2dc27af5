import { availableParallelism, cpus, totalmem } from 'node:os';

/** One line of the bench table; `baseline` and `ratio` when the figure has something to compare with. */
export interface Row {
  section: string;
  figure: string;
  value: string;
  baseline?: string;
  ratio?: string;
}

const HEADER: Row = { section: 'section', figure: 'figure', value: 'value', baseline: 'baseline', ratio: 'ratio' };
const COLUMNS = ['section', 'figure', 'value', 'baseline', 'ratio'] as const;
const RIGHT = new Set<string>(['value', 'baseline', 'ratio']);

/** A markdown table whose columns line up in a terminal as well. */
export function formatTable(rows: readonly Row[]): string {
  const cell = (row: Row, column: (typeof COLUMNS)[number]): string => row[column] ?? '';
  const widths = COLUMNS.map((c) => Math.max(...[HEADER, ...rows].map((r) => cell(r, c).length)));
  const line = (row: Row): string =>
    `| ${COLUMNS.map((c, i) => (RIGHT.has(c) ? cell(row, c).padStart(widths[i] ?? 0) : cell(row, c).padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${COLUMNS.map((c, i) => (RIGHT.has(c) ? `${'-'.repeat((widths[i] ?? 0) + 1)}:` : '-'.repeat((widths[i] ?? 0) + 2))).join('|')}|`;
  return [line(HEADER), rule, ...rows.map(line)].join('\n');
}

export function machineRows(postgres: string, seconds: number): Row[] {
  const model = cpus()[0]?.model.trim() ?? 'unknown';
  return [
    { section: 'machine', figure: 'CPU', value: model },
    { section: 'machine', figure: 'cores (available parallelism)', value: String(availableParallelism()) },
    { section: 'machine', figure: 'memory', value: `${(totalmem() / 2 ** 30).toFixed(1)} GiB` },
    { section: 'machine', figure: 'Node', value: process.version },
    { section: 'machine', figure: 'PostgreSQL', value: postgres },
    { section: 'machine', figure: 'date', value: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' },
    { section: 'machine', figure: 'seconds per measurement', value: String(seconds) },
  ];
}

/** A figure as people read it: thousands separated, few decimals. */
export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** value / baseline as ×r, or as a signed % difference when `percent`. */
export function ratio(value: number | undefined, baseline: number | undefined, percent = false): string {
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !baseline) return '';
  if (!percent) return `×${(value / baseline).toFixed(2)}`;
  const diff = (value / baseline - 1) * 100;
  return `${diff >= 0 ? '+' : ''}${diff.toFixed(1)}%`;
}

/** A row comparing `value` with `baseline` (both numbers). */
export function compared(
  section: string,
  figure: string,
  value: number | undefined,
  baseline?: number,
  options: { digits?: number; percent?: boolean } = {},
): Row {
  return {
    section,
    figure,
    value: num(value, options.digits),
    baseline: baseline === undefined ? '' : num(baseline, options.digits),
    ratio: ratio(value, baseline, options.percent),
  };
}
