import { describe, expect, it } from 'vitest';
import { FrameworkFormatError } from './framework-format.error.js';
import { parseFramework } from './parse-framework.js';
import { parseFrameworkJson } from './parse-framework-json.js';

function threeLevelExport(): Record<string, unknown> {
  return {
    schemaVersion: '1.0',
    exportedAt: '2026-01-02T03:04:05.000Z',
    occupation: { soc: '29-1141.00', title: 'Registered Nurses' },
    framework: {
      version: 'v.1',
      description: 'Nursing practice.',
      contextCovered: 'Ignored because a description is given.',
      levels: {
        novice: { label: 'Novice', statements: ['n1', 'n2'] },
        'charge-nurse': { label: 'Charge nurse', statements: ['c1', 'c2', 'c3', 'c4', 'c5'] },
        expert: { label: 'Expert', statements: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'] },
      },
    },
  };
}

function formatErrorOf(run: () => unknown): FrameworkFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof FrameworkFormatError) return error;
    throw error;
  }
  throw new Error('expected a FrameworkFormatError');
}

function withFramework(patch: Record<string, unknown>): Record<string, unknown> {
  const input = threeLevelExport();
  return { ...input, framework: { ...(input.framework as Record<string, unknown>), ...patch } };
}

describe('parseFramework', () => {
  it('parses a 3-level framework with 2/5/7 statements', () => {
    const framework = parseFramework(threeLevelExport());
    expect(framework.id).toBe('29-1141.00');
    expect(framework.version).toBe('v.1');
    expect(framework.description).toBe('Nursing practice.');
    expect(framework.occupation).toEqual({ code: '29-1141.00', title: 'Registered Nurses' });
    expect(framework.source).toEqual({});
    expect(framework.levels.map((level) => [level.key, level.index, level.statements.length])).toEqual([
      ['novice', 0, 2],
      ['charge-nurse', 1, 5],
      ['expert', 2, 7],
    ]);
    expect(framework.levels[1]?.statements[4]).toEqual({
      code: 'charge-nurse-5',
      levelKey: 'charge-nurse',
      position: 5,
      text: 'c5',
    });
  });

  it.each([
    ['missing schemaVersion', { schemaVersion: undefined }, 'schemaVersion: expected "1.0", got nothing'],
    ['wrong schemaVersion', { schemaVersion: '2.0' }, 'schemaVersion: expected "1.0", got "2.0"'],
    ['numeric schemaVersion', { schemaVersion: 1 }, 'schemaVersion: expected "1.0", got 1'],
    ['missing exportedAt', { exportedAt: undefined }, 'exportedAt: expected a non-empty string, got nothing'],
    [
      'bad soc',
      { occupation: { soc: '291141', title: 'Registered Nurses' } },
      'occupation.soc: expected an O*NET-SOC code like "41-3031.00", got "291141"',
    ],
    [
      'missing title',
      { occupation: { soc: '29-1141.00' } },
      'occupation.title: expected a non-empty string, got nothing',
    ],
    [
      'job zone out of range',
      { occupation: { soc: '29-1141.00', title: 'Registered Nurses', jobZone: 7 } },
      'occupation.jobZone: expected an integer from 1 to 5, got 7',
    ],
    ['framework not an object', { framework: [] }, 'framework: expected an object, got an array'],
  ])('rejects %s', (_name, patch, message) => {
    const error = formatErrorOf(() => parseFramework({ ...threeLevelExport(), ...patch }));
    expect(error.message).toBe(message);
  });

  it.each([
    [
      'missing version',
      { version: undefined },
      'framework.version',
      'framework.version: expected a non-empty string, got nothing',
    ],
    [
      'blank version',
      { version: '  ' },
      'framework.version',
      'framework.version: expected a non-empty string, got "  "',
    ],
    ['no levels', { levels: {} }, 'framework.levels', 'framework.levels: expected at least one level'],
    [
      'empty statements',
      { levels: { novice: { label: 'Novice', statements: [] } } },
      'framework.levels.novice.statements',
      'framework.levels.novice.statements: expected a non-empty array of statements, got an array',
    ],
    [
      'a non-string statement',
      { levels: { novice: { label: 'Novice', statements: ['n1', 'n2', 'n3', 42] } } },
      'framework.levels.novice.statements[3]',
      'framework.levels.novice.statements[3]: expected a non-empty string, got 42',
    ],
    [
      'an empty statement',
      { levels: { novice: { label: 'Novice', statements: [''] } } },
      'framework.levels.novice.statements[0]',
      'framework.levels.novice.statements[0]: expected a non-empty string, got ""',
    ],
    [
      'a bad level key',
      { levels: { 'Senior Level': { label: 'Senior', statements: ['s1'] } } },
      'framework.levels["Senior Level"]',
      'framework.levels["Senior Level"]: level key "Senior Level" must match /^[a-z][a-z0-9-]*$/',
    ],
    [
      'a missing label',
      { levels: { novice: { statements: ['n1'] } } },
      'framework.levels.novice.label',
      'framework.levels.novice.label: expected a non-empty string, got nothing',
    ],
  ])('rejects %s', (_name, patch, path, message) => {
    const error = formatErrorOf(() => parseFramework(withFramework(patch)));
    expect(error.path).toBe(path);
    expect(error.message).toBe(message);
  });

  it('rejects input that is not an object', () => {
    expect(formatErrorOf(() => parseFramework(null)).message).toBe('$: expected an object, got null');
  });

  it('keeps an odd but valid key path readable', () => {
    const error = formatErrorOf(() =>
      parseFramework(withFramework({ levels: { 'entry-level': { label: 'Entry', statements: [null] } } })),
    );
    expect(error.path).toBe('framework.levels["entry-level"].statements[0]');
  });
});

describe('parseFrameworkJson', () => {
  it('parses valid JSON', () => {
    expect(parseFrameworkJson(JSON.stringify(threeLevelExport())).id).toBe('29-1141.00');
  });

  it('reports text that is not JSON at path $', () => {
    const error = formatErrorOf(() => parseFrameworkJson('{"schemaVersion": '));
    expect(error.path).toBe('$');
    expect(error.message.startsWith('$: not valid JSON: ')).toBe(true);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('passes schema errors through unchanged', () => {
    expect(formatErrorOf(() => parseFrameworkJson('{"schemaVersion":"1.1"}')).message).toBe(
      'schemaVersion: expected "1.0", got "1.1"',
    );
  });
});
