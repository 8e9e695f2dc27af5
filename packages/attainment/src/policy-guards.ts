import { InvalidPolicyError } from './invalid-policy.error.js';

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return `a ${typeof value}`; // a symbol or a function
}

export function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidPolicyError(path, `expected an object, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A misspelt option would otherwise be silently ignored, so unknown properties are errors. */
export function rejectUnknownKeys(record: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const keyPath = path === '$' ? key : `${path}.${key}`;
      throw new InvalidPolicyError(keyPath, `unknown property; expected one of ${allowed.join(', ')}`);
    }
  }
}

/** A fraction in (0, 1], as scaled scores are. */
export function expectThreshold(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new InvalidPolicyError(path, `expected a number greater than 0 and at most 1, got ${describeValue(value)}`);
  }
  return value;
}
