import { readFile } from 'node:fs/promises';
import type { ActivityMapping } from '@attain/db';
import { CliError } from './cli-context.js';

/**
 * `[{"activityId", "framework", "version", "statements": ["emerging-1", …]}]`; every problem is
 * named with its position so a file is fixed in one pass.
 */
export async function readMappingFile(path: string): Promise<ActivityMapping[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
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
