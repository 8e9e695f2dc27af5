import { FrameworkFormatError } from './framework-format.error.js';
import type { Level, Statement } from './framework.model.js';
import { childPath, describeValue, expectNonEmptyString, expectRecord } from './format-guards.js';

// Keys must not look like integers: JS orders integer-like keys first, which would break export order.
const LEVEL_KEY_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Parses `framework.levels`, keeping the export's key order as level order. */
export function parseLevels(value: unknown, path: string): Level[] {
  const levels = expectRecord(value, path);
  const keys = Object.keys(levels);
  if (keys.length === 0) throw new FrameworkFormatError(path, 'expected at least one level');
  return keys.map((key, index) => parseLevel(key, index, levels[key], childPath(path, key)));
}

function parseLevel(key: string, index: number, value: unknown, path: string): Level {
  if (!LEVEL_KEY_PATTERN.test(key)) {
    throw new FrameworkFormatError(path, `level key ${JSON.stringify(key)} must match ${String(LEVEL_KEY_PATTERN)}`);
  }
  const level = expectRecord(value, path);
  const label = expectNonEmptyString(level.label, childPath(path, 'label'));
  const statements = parseStatements(key, level.statements, childPath(path, 'statements'));
  return { key, label, index, statements };
}

function parseStatements(levelKey: string, value: unknown, path: string): Statement[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new FrameworkFormatError(path, `expected a non-empty array of statements, got ${describeValue(value)}`);
  }
  return value.map((item: unknown, i) => {
    const text = expectNonEmptyString(item, `${path}[${i}]`);
    const position = i + 1;
    return { code: `${levelKey}-${position}`, levelKey, position, text };
  });
}
