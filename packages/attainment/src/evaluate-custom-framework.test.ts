import { parseFramework } from '@attain/framework';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import type { EvidenceItem } from './evaluation.model.js';
import { parsePolicy } from './parse-policy.js';

const framework = parseFramework({
  schemaVersion: '1.0',
  exportedAt: '2026-01-02T03:04:05.000Z',
  occupation: { soc: '29-1141.00', title: 'Registered Nurses' },
  framework: {
    version: 'v.1',
    description: 'Nursing practice.',
    levels: {
      novice: { label: 'Novice', statements: ['n1', 'n2'] },
      'charge-nurse': { label: 'Charge nurse', statements: ['c1', 'c2', 'c3', 'c4', 'c5'] },
      expert: { label: 'Expert', statements: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'] },
    },
  },
});

const policy = parsePolicy(
  {
    version: 1,
    threshold: 0.7,
    levels: [
      { level: 'novice', requires: null, minStatements: 'all' },
      { level: 'charge-nurse', requires: 'novice', minStatements: 3, threshold: 0.9 },
      { level: 'expert', requires: 'charge-nurse', minStatements: 7, recencyDays: 365 },
    ],
  },
  framework,
);

const NOW = new Date('2026-12-31T00:00:00.000Z');

function scored(statementCode: string, scaled: number, occurredAt: string): EvidenceItem {
  return {
    eventId: `${statementCode}@${occurredAt}`,
    statementCode,
    passed: null,
    scaled,
    occurredAt: new Date(occurredAt),
  };
}

describe('evaluate on a 3-level framework with a custom policy', () => {
  const evidence: EvidenceItem[] = [
    scored('novice-1', 0.7, '2026-02-01T00:00:00.000Z'),
    scored('novice-2', 0.75, '2026-02-03T00:00:00.000Z'),
    scored('charge-nurse-1', 0.95, '2026-03-01T00:00:00.000Z'),
    scored('charge-nurse-2', 0.85, '2026-03-02T00:00:00.000Z'),
    scored('charge-nurse-3', 0.9, '2026-03-03T00:00:00.000Z'),
    scored('charge-nurse-4', 1, '2026-03-04T00:00:00.000Z'),
    scored('expert-1', 0.8, '2025-06-01T00:00:00.000Z'),
    ...['expert-2', 'expert-3', 'expert-4', 'expert-5', 'expert-6', 'expert-7'].map((code) =>
      scored(code, 0.8, '2026-04-01T00:00:00.000Z'),
    ),
  ];

  it('attains novice and charge-nurse; expert-1 is older than 365 days', () => {
    const evaluation = evaluate(framework, evidence, policy, NOW);
    expect(evaluation.attained).toEqual(['novice', 'charge-nurse']);
    expect(evaluation.levels).toEqual([
      {
        level: 'novice',
        attained: true,
        demonstrated: 2,
        required: 2,
        missing: [],
        attainedAt: new Date('2026-02-03T00:00:00.000Z'),
      },
      {
        level: 'charge-nurse',
        attained: true,
        demonstrated: 3,
        required: 3,
        missing: ['charge-nurse-2', 'charge-nurse-5'],
        attainedAt: new Date('2026-03-04T00:00:00.000Z'),
      },
      { level: 'expert', attained: false, demonstrated: 6, required: 7, missing: ['expert-1'], attainedAt: null },
    ]);
  });

  it('attains expert once expert-1 is demonstrated again', () => {
    const renewed = [...evidence, scored('expert-1', 0.7, '2026-05-05T00:00:00.000Z')];
    const evaluation = evaluate(framework, renewed, policy, NOW);
    expect(evaluation.attained).toEqual(['novice', 'charge-nurse', 'expert']);
    expect(evaluation.levels[2]?.attainedAt).toEqual(new Date('2026-05-05T00:00:00.000Z'));
  });
});
