import { describe, expect, it } from 'vitest';
import { findLevel, findStatement } from './framework-lookup.js';
import { parseFramework } from './parse-framework.js';
import { resolveStatementCodes } from './resolve-statement-codes.js';
import { UnknownStatementError } from './unknown-statement.error.js';

const framework = parseFramework({
  schemaVersion: '1.0',
  exportedAt: '2026-01-02T03:04:05.000Z',
  occupation: { soc: '11-1011.00', title: 'Chief Executives' },
  framework: {
    version: 'v.2',
    levels: {
      'first-line': { label: 'First line', statements: ['f1', 'f2'] },
      senior: { label: 'Senior', statements: ['s1'] },
    },
  },
});

describe('lookups', () => {
  it('finds levels and statements by key and code', () => {
    expect(findLevel(framework, 'senior')?.index).toBe(1);
    expect(findLevel(framework, 'junior')).toBeUndefined();
    expect(findStatement(framework, 'first-line-2')?.text).toBe('f2');
    expect(findStatement(framework, 'first-line-3')).toBeUndefined();
  });
});

describe('resolveStatementCodes', () => {
  it('returns statements in the order asked', () => {
    expect(resolveStatementCodes(framework, ['senior-1', 'first-line-1']).map((s) => s.text)).toEqual(['s1', 'f1']);
  });

  it('names every unknown code', () => {
    let caught: unknown;
    try {
      resolveStatementCodes(framework, ['senior-1', 'senior-2', 'emerging-1']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownStatementError);
    expect((caught as UnknownStatementError).codes).toEqual(['senior-2', 'emerging-1']);
    expect((caught as UnknownStatementError).message).toBe(
      'unknown statement code(s) for framework 11-1011.00 v.2: senior-2, emerging-1',
    );
  });
});
