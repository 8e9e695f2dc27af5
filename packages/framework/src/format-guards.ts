import { FrameworkFormatError } from './framework-format.error.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return `a ${typeof value}`; // a symbol or a function
}

/** `parent.key`, or `parent["odd key"]` when the key is not an identifier; `$` is the root. */
export function childPath(parent: string, key: string): string {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  if (parent === '$') return plain ? key : `$[${JSON.stringify(key)}]`;
  return plain ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new FrameworkFormatError(path, `expected an object, got ${describeValue(value)}`);
  return value;
}

export function expectNonEmptyString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FrameworkFormatError(path, `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/** Absent, null and blank all mean "not given"; anything else must be a string. */
export function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FrameworkFormatError(path, `expected a string, got ${describeValue(value)}`);
  return value.trim() === '' ? undefined : value;
}
