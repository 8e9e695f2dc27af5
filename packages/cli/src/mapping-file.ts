import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { ActivityMapping } from '@attain/db';
import { CliError } from './cli-context.js';

/**
 * CSV with a header row `activityId,framework,version,statement` (one statement per row, or
 * several separated by `;`): rows of one activity and framework version are merged.
 */
function fromCsv(path: string, text: string): unknown[] {
  let rows: Record<string, string>[];
  try {
    rows = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
  const missing = ['activityId', 'framework', 'version', 'statement'].filter(
    (c) => rows.length > 0 && !(c in (rows[0] ?? {})),
  );
  if (missing.length > 0) throw new CliError(`${path}: the header row lacks ${missing.join(', ')}`);
  const merged = new Map<string, { activityId: string; framework: string; version: string; statements: string[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.activityId, row.framework, row.version]);
    const entry = merged.get(key) ?? {
      activityId: row.activityId ?? '',
      framework: row.framework ?? '',
      version: row.version ?? '',
      statements: [],
    };
    entry.statements.push(
      ...(row.statement ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    merged.set(key, entry);
  }
  return [...merged.values()];
}

/**
 * JSON `[{"activityId", "framework", "version", "statements": ["emerging-1", …]}]` or CSV (by the
 * `.csv` extension); every problem is named with its position so a file is fixed in one pass.
 */
export async function readMappingFile(path: string): Promise<ActivityMapping[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  if (path.toLowerCase().endsWith('.csv')) {
    data = fromCsv(path, text);
  } else {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${path}: ${(error as Error).message}`);
    }
  }
  if (!Array.isArray(data)) throw new CliError(`${path}: expected a JSON array of mappings`);
  const problems: string[] = [];
  const mappings = data.flatMap((entry: unknown, index): ActivityMapping[] => {
    const e = entry as Record<string, unknown> | null;
    const at = `${path}[${index}]`;
    const field = (name: string): string | undefined => {
      const value = e?.[name];
      if (typeof value === 'string' && value.trim() !== '') return value;
      problems.push(`${at}.${name}: expected a non-empty string`);
      return undefined;
    };
    const activityId = field('activityId');
    const frameworkId = field('framework');
    const version = field('version');
    const statements = e?.statements;
    const valid =
      Array.isArray(statements) && statements.length > 0 && statements.every((s) => typeof s === 'string' && s !== '');
    if (!valid) problems.push(`${at}.statements: expected a non-empty array of statement codes`);
    if (activityId === undefined || frameworkId === undefined || version === undefined || !valid) return [];
    return [{ activityId, frameworkId, version, statements: [...new Set(statements as string[])] }];
  });
  if (problems.length > 0) throw new CliError(problems.join('\n'));
  return mappings;
}
