import { loadBundledFramework } from '@attain/framework';
import { describe, expect, it } from 'vitest';
import { InvalidPolicyError } from './invalid-policy.error.js';
import { parsePolicy } from './parse-policy.js';

const framework = await loadBundledFramework();

function chain(): Record<string, unknown>[] {
  return [
    { level: 'emerging', requires: null, minStatements: 'all' },
    { level: 'developing', requires: 'emerging', minStatements: 'all' },
  ];
}

function policyErrorOf(input: unknown): InvalidPolicyError {
  try {
    parsePolicy(input, framework);
  } catch (error) {
    if (error instanceof InvalidPolicyError) return error;
    throw error;
  }
  throw new Error('expected an InvalidPolicyError');
}

describe('parsePolicy', () => {
  it('defaults the threshold to 0.8 and keeps per-level overrides', () => {
    expect(
      parsePolicy(
        {
          version: 1,
          levels: [
            { level: 'emerging', requires: null, minStatements: 8, threshold: 0.6, recencyDays: 365 },
            { level: 'developing', requires: 'emerging', minStatements: 'all', recencyDays: null },
          ],
        },
        framework,
      ),
    ).toEqual({
      version: 1,
      threshold: 0.8,
      levels: [
        { level: 'emerging', requires: null, minStatements: 8, threshold: 0.6, recencyDays: 365 },
        { level: 'developing', requires: 'emerging', minStatements: 'all', recencyDays: null },
      ],
    });
  });

  it('accepts a rule whose prerequisite is listed after it', () => {
    const levels = chain().reverse();
    expect(parsePolicy({ version: 1, threshold: 1, levels }, framework).levels.map((rule) => rule.level)).toEqual([
      'developing',
      'emerging',
    ]);
  });

  it.each([
    [
      'threshold 1.5',
      { version: 1, threshold: 1.5, levels: chain() },
      'threshold',
      'threshold: expected a number greater than 0 and at most 1, got 1.5',
    ],
    [
      'threshold 0',
      { version: 1, threshold: 0, levels: chain() },
      'threshold',
      'threshold: expected a number greater than 0 and at most 1, got 0',
    ],
    ['version 2', { version: 2, levels: chain() }, 'version', 'version: expected 1, got 2'],
    [
      'no levels',
      { version: 1, levels: [] },
      'levels',
      'levels: expected a non-empty array of level rules, got an array',
    ],
    [
      'an unknown top-level property',
      { version: 1, levels: chain(), treshold: 0.9 },
      'treshold',
      'treshold: unknown property; expected one of version, threshold, levels',
    ],
    ['not an object', 'all', '$', '$: expected an object, got "all"'],
  ])('rejects %s', (_name, input, path, message) => {
    const error = policyErrorOf(input);
    expect(error.path).toBe(path);
    expect(error.message).toBe(message);
  });

  it.each([
    [
      'an unknown level',
      [...chain(), { level: 'expert', requires: 'developing', minStatements: 'all' }],
      'levels[2].level',
      'levels[2].level: unknown level "expert"; framework 41-3031.00 v.26.05 has emerging, developing, proficient, advanced',
    ],
    [
      'a rule that requires a later level',
      [
        { level: 'emerging', requires: 'developing', minStatements: 'all' },
        { level: 'developing', requires: null, minStatements: 'all' },
      ],
      'levels[0].requires',
      'levels[0].requires: "emerging" can only require a level that comes before it, not "developing"',
    ],
    [
      'a rule that requires itself',
      [{ level: 'emerging', requires: 'emerging', minStatements: 'all' }],
      'levels[0].requires',
      'levels[0].requires: "emerging" can only require a level that comes before it, not "emerging"',
    ],
    [
      'a prerequisite without a rule',
      [{ level: 'proficient', requires: 'developing', minStatements: 'all' }],
      'levels[0].requires',
      'levels[0].requires: level "developing" has no rule in this policy, so it can never be attained',
    ],
    [
      'a prerequisite that is not a level',
      [{ level: 'proficient', requires: 'expert', minStatements: 'all' }],
      'levels[0].requires',
      'levels[0].requires: unknown level "expert"',
    ],
    [
      'a duplicate level',
      [...chain(), { level: 'emerging', requires: null, minStatements: 5 }],
      'levels[2].level',
      'levels[2].level: duplicate rule for level "emerging" (first at levels[0])',
    ],
    [
      'minStatements above the statement count',
      [{ level: 'emerging', requires: null, minStatements: 11 }],
      'levels[0].minStatements',
      'levels[0].minStatements: expected "all" or an integer from 1 to 10, got 11',
    ],
    [
      'minStatements 0',
      [{ level: 'emerging', requires: null, minStatements: 0 }],
      'levels[0].minStatements',
      'levels[0].minStatements: expected "all" or an integer from 1 to 10, got 0',
    ],
    [
      'a missing requires',
      [{ level: 'emerging', minStatements: 'all' }],
      'levels[0].requires',
      'levels[0].requires: expected a level key or null, got nothing',
    ],
    [
      'a level threshold above 1',
      [{ level: 'emerging', requires: null, minStatements: 'all', threshold: 80 }],
      'levels[0].threshold',
      'levels[0].threshold: expected a number greater than 0 and at most 1, got 80',
    ],
    [
      'negative recencyDays',
      [{ level: 'emerging', requires: null, minStatements: 'all', recencyDays: -1 }],
      'levels[0].recencyDays',
      'levels[0].recencyDays: expected a positive number of days or null, got -1',
    ],
    [
      'a misspelt rule property',
      [{ level: 'emerging', requires: null, minStatement: 3 }],
      'levels[0].minStatement',
      'levels[0].minStatement: unknown property; expected one of level, requires, minStatements, threshold, recencyDays, validityDays',
    ],
  ])('rejects %s', (_name, levels, path, message) => {
    const error = policyErrorOf({ version: 1, levels });
    expect(error.path).toBe(path);
    expect(error.message).toBe(message);
  });
});

describe('parsePolicy: credential validity', () => {
  it('keeps a per-level validity in days and refuses a bad one naming the field', () => {
    const levels = framework.levels.map((l, i) => ({
      level: l.key,
      requires: i === 0 ? null : framework.levels[i - 1]!.key,
      minStatements: 'all' as const,
      ...(i === 0 ? { validityDays: 730 } : {}),
    }));
    expect(parsePolicy({ version: 1, threshold: 0.8, levels }, framework).levels[0]).toMatchObject({
      validityDays: 730,
    });
    const bad = {
      version: 1,
      threshold: 0.8,
      levels: levels.map((l, i) => (i === 1 ? { ...l, validityDays: 1.5 } : l)),
    };
    expect(() => parsePolicy(bad, framework)).toThrow(/levels\[1\]\.validityDays/);
  });
});
