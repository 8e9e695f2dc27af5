import { loadBundledFramework } from '@attain/framework';
import { describe, expect, it } from 'vitest';
import type { AttainmentPolicy } from './attainment-policy.js';
import { defaultPolicy } from './default-policy.js';
import { evaluate } from './evaluate.js';
import type { EvidenceItem } from './evaluation.model.js';
import { InvalidPolicyError } from './invalid-policy.error.js';

const framework = await loadBundledFramework();
const policy = defaultPolicy(framework);
const NOW = new Date('2026-06-01T00:00:00.000Z');
const LEVELS = ['emerging', 'developing', 'proficient', 'advanced'];
const CODES = LEVELS.flatMap((level) => Array.from({ length: 10 }, (_, i) => `${level}-${i + 1}`));

function item(statementCode: string, occurredAt: string, overrides: Partial<EvidenceItem> = {}): EvidenceItem {
  return {
    eventId: `evt-${statementCode}`,
    statementCode,
    passed: null,
    scaled: 0.9,
    occurredAt: new Date(occurredAt),
    ...overrides,
  };
}

/** One passing item per statement; the i-th (0-based) occurs on day i + 1 of January 2026 and onwards. */
function allPassing(): EvidenceItem[] {
  return CODES.map((code, i) => item(code, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()));
}

function replace(items: EvidenceItem[], code: string, overrides: Partial<EvidenceItem>): EvidenceItem[] {
  return items.map((candidate) => (candidate.statementCode === code ? { ...candidate, ...overrides } : candidate));
}

function statement(evaluation: ReturnType<typeof evaluate>, code: string) {
  return evaluation.statements.find((outcome) => outcome.code === code);
}

function withRule(overrides: Partial<AttainmentPolicy['levels'][number]> & { level: string }): AttainmentPolicy {
  return {
    ...policy,
    levels: policy.levels.map((rule) => (rule.level === overrides.level ? { ...rule, ...overrides } : rule)),
  };
}

describe('evaluate with the default policy', () => {
  it('attains all four levels in order when all 40 statements pass', () => {
    const evaluation = evaluate(framework, allPassing(), policy, NOW);
    expect(evaluation.attained).toEqual(['emerging', 'developing', 'proficient', 'advanced']);
    expect(evaluation.statements).toHaveLength(40);
    expect(evaluation.levels).toEqual([
      {
        level: 'emerging',
        attained: true,
        demonstrated: 10,
        required: 10,
        missing: [],
        attainedAt: new Date('2026-01-10T00:00:00.000Z'),
      },
      {
        level: 'developing',
        attained: true,
        demonstrated: 10,
        required: 10,
        missing: [],
        attainedAt: new Date('2026-01-20T00:00:00.000Z'),
      },
      {
        level: 'proficient',
        attained: true,
        demonstrated: 10,
        required: 10,
        missing: [],
        attainedAt: new Date('2026-01-30T00:00:00.000Z'),
      },
      {
        level: 'advanced',
        attained: true,
        demonstrated: 10,
        required: 10,
        missing: [],
        attainedAt: new Date('2026-02-09T00:00:00.000Z'),
      },
    ]);
  });

  it('attains nothing when one emerging statement scores 0.79 without a pass', () => {
    const evidence = replace(allPassing(), 'emerging-3', { scaled: 0.79, passed: null });
    const evaluation = evaluate(framework, evidence, policy, NOW);
    expect(evaluation.attained).toEqual([]);
    expect(statement(evaluation, 'emerging-3')).toEqual({
      code: 'emerging-3',
      demonstrated: false,
      demonstratedBy: [],
    });
    expect(evaluation.levels.slice(0, 2)).toEqual([
      { level: 'emerging', attained: false, demonstrated: 9, required: 10, missing: ['emerging-3'], attainedAt: null },
      { level: 'developing', attained: false, demonstrated: 10, required: 10, missing: [], attainedAt: null },
    ]);
  });

  it('counts passed=true whatever the score', () => {
    const evidence = replace(allPassing(), 'emerging-3', { scaled: 0.1, passed: true });
    expect(evaluate(framework, evidence, policy, NOW).attained).toEqual(LEVELS);
  });

  it('counts a score of exactly 0.8 and not 0.7999', () => {
    expect(evaluate(framework, replace(allPassing(), 'emerging-3', { scaled: 0.8 }), policy, NOW).attained).toEqual(
      LEVELS,
    );
    expect(evaluate(framework, replace(allPassing(), 'emerging-3', { scaled: 0.7999 }), policy, NOW).attained).toEqual(
      [],
    );
  });

  it('ignores evidence for statement codes the framework does not define', () => {
    const evidence = [
      ...allPassing(),
      item('emerging-11', '2026-01-01T00:00:00.000Z'),
      item('expert-1', '2026-01-01T00:00:00.000Z'),
    ];
    expect(evaluate(framework, evidence, policy, NOW)).toEqual(evaluate(framework, allPassing(), policy, NOW));
  });

  it('lists demonstrating items earliest first, counting a repeated event once', () => {
    const evidence = [
      item('emerging-1', '2026-03-02T00:00:00.000Z', { eventId: 'late' }),
      item('emerging-1', '2026-03-01T00:00:00.000Z', { eventId: 'b' }),
      item('emerging-1', '2026-03-01T00:00:00.000Z', { eventId: 'a' }),
      item('emerging-1', '2026-03-01T00:00:00.000Z', { eventId: 'b' }),
      item('emerging-1', '2026-02-01T00:00:00.000Z', { eventId: 'failed', scaled: 0.2 }),
    ];
    const outcome = statement(evaluate(framework, evidence, policy, NOW), 'emerging-1');
    expect(outcome?.demonstratedBy.map((demonstrating) => demonstrating.eventId)).toEqual(['a', 'b', 'late']);
  });

  it('is deterministic whatever the input order', () => {
    const evidence = [...allPassing(), item('emerging-1', '2026-01-01T00:00:00.000Z', { eventId: 'twin' })];
    expect(evaluate(framework, [...evidence].reverse(), policy, NOW)).toEqual(
      evaluate(framework, evidence, policy, NOW),
    );
  });

  it('ignores evidence that occurs after now and counts evidence at now', () => {
    const late = replace(allPassing(), 'emerging-3', { occurredAt: new Date('2026-06-01T00:00:00.001Z') });
    expect(evaluate(framework, late, policy, NOW).attained).toEqual([]);
    const atNow = replace(allPassing(), 'emerging-3', { occurredAt: NOW });
    const evaluation = evaluate(framework, atNow, policy, NOW);
    expect(evaluation.attained).toEqual(LEVELS);
    expect(evaluation.levels.map((outcome) => outcome.attainedAt)).toEqual([NOW, NOW, NOW, NOW]);
  });

  it('dates a level at the item that completed it', () => {
    const evidence = replace(allPassing(), 'emerging-4', { occurredAt: new Date('2026-01-15T12:00:00.000Z') });
    expect(evaluate(framework, evidence, policy, NOW).levels[0]?.attainedAt).toEqual(
      new Date('2026-01-15T12:00:00.000Z'),
    );
  });

  it('never dates a level before its prerequisite', () => {
    const evidence = replace(allPassing(), 'emerging-1', { occurredAt: new Date('2026-04-01T00:00:00.000Z') });
    const evaluation = evaluate(framework, evidence, policy, NOW);
    expect(evaluation.levels.map((outcome) => outcome.attainedAt)).toEqual([
      new Date('2026-04-01T00:00:00.000Z'),
      new Date('2026-04-01T00:00:00.000Z'),
      new Date('2026-04-01T00:00:00.000Z'),
      new Date('2026-04-01T00:00:00.000Z'),
    ]);
  });

  it('withholds every later level while a prerequisite is missing', () => {
    const evidence = allPassing().filter((candidate) => !candidate.statementCode.startsWith('emerging-'));
    const evaluation = evaluate(framework, evidence, policy, NOW);
    expect(evaluation.attained).toEqual([]);
    expect(evaluation.levels.map((outcome) => [outcome.level, outcome.demonstrated, outcome.attained])).toEqual([
      ['emerging', 0, false],
      ['developing', 10, false],
      ['proficient', 10, false],
      ['advanced', 10, false],
    ]);
  });

  it('rejects a policy that does not fit the framework', () => {
    const foreign: AttainmentPolicy = {
      version: 1,
      threshold: 0.8,
      levels: [{ level: 'novice', requires: null, minStatements: 'all' }],
    };
    expect(() => evaluate(framework, allPassing(), foreign, NOW)).toThrow(InvalidPolicyError);
  });
});

describe('evaluate with policy overrides', () => {
  it('applies a level threshold instead of the policy threshold', () => {
    const strict = withRule({ level: 'emerging', threshold: 0.9 });
    const evidence = replace(replace(allPassing(), 'emerging-1', { scaled: 0.85 }), 'developing-1', { scaled: 0.85 });
    const evaluation = evaluate(framework, evidence, strict, NOW);
    expect(statement(evaluation, 'emerging-1')?.demonstrated).toBe(false);
    expect(statement(evaluation, 'developing-1')?.demonstrated).toBe(true);
    expect(evaluation.attained).toEqual([]);
    expect(evaluate(framework, replace(allPassing(), 'emerging-1', { scaled: 0.9 }), strict, NOW).attained).toEqual(
      LEVELS,
    );
  });

  it('attains with 8 of 10 statements, dated at the eighth', () => {
    const eightOfTen = withRule({ level: 'emerging', minStatements: 8 });
    const nine = allPassing().filter((candidate) => candidate.statementCode !== 'emerging-10');
    const outcome = evaluate(framework, nine, eightOfTen, NOW).levels[0];
    expect(outcome).toEqual({
      level: 'emerging',
      attained: true,
      demonstrated: 9,
      required: 8,
      missing: ['emerging-10'],
      attainedAt: new Date('2026-01-08T00:00:00.000Z'),
    });
    const seven = nine.filter(
      (candidate) => candidate.statementCode !== 'emerging-9' && candidate.statementCode !== 'emerging-8',
    );
    expect(evaluate(framework, seven, eightOfTen, NOW).levels[0]).toEqual({
      level: 'emerging',
      attained: false,
      demonstrated: 7,
      required: 8,
      missing: ['emerging-8', 'emerging-9', 'emerging-10'],
      attainedAt: null,
    });
  });

  it('counts only evidence inside the recency window', () => {
    const recent = withRule({ level: 'emerging', recencyDays: 30 });
    const evidence = allPassing().map((candidate) =>
      candidate.statementCode.startsWith('emerging-')
        ? { ...candidate, occurredAt: new Date('2026-05-02T00:00:00.000Z') }
        : candidate,
    );
    const inside = evaluate(framework, evidence, recent, NOW);
    expect(inside.attained).toEqual(LEVELS);
    expect(inside.levels[0]?.attainedAt).toEqual(new Date('2026-05-02T00:00:00.000Z'));

    const old = replace(evidence, 'emerging-2', { occurredAt: new Date('2026-05-01T23:59:59.999Z') });
    const outside = evaluate(framework, old, recent, NOW);
    expect(outside.attained).toEqual([]);
    expect(outside.levels[0]?.missing).toEqual(['emerging-2']);
    // The window belongs to the level: developing evidence from January still counts.
    expect(statement(outside, 'developing-1')?.demonstrated).toBe(true);
  });

  it('evaluates a level with no prerequisite on its own', () => {
    const advancedOnly: AttainmentPolicy = {
      version: 1,
      threshold: 0.8,
      levels: [{ level: 'advanced', requires: null, minStatements: 'all' }],
    };
    const evidence = allPassing().filter((candidate) => candidate.statementCode.startsWith('advanced-'));
    const evaluation = evaluate(framework, evidence, advancedOnly, NOW);
    expect(evaluation.attained).toEqual(['advanced']);
    expect(evaluation.levels).toEqual([
      {
        level: 'advanced',
        attained: true,
        demonstrated: 10,
        required: 10,
        missing: [],
        attainedAt: new Date('2026-02-09T00:00:00.000Z'),
      },
    ]);
  });
});
