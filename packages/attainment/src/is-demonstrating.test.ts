import { describe, expect, it } from 'vitest';
import type { EvidenceItem } from './evaluation.model.js';
import { isDemonstrating } from './is-demonstrating.js';

function result(passed: boolean | null, scaled: number | null): EvidenceItem {
  return {
    eventId: 'e1',
    statementCode: 'emerging-1',
    passed,
    scaled,
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
  };
}

describe('isDemonstrating', () => {
  it.each([
    [true, null, true],
    [true, 0.1, true],
    [null, 0.8, true],
    [null, 0.79, false],
    [false, 0.95, true],
    [false, null, false],
    [null, null, false],
  ])('passed=%s scaled=%s → %s at 0.8', (passed, scaled, expected) => {
    expect(isDemonstrating(result(passed, scaled), 0.8)).toBe(expected);
  });
});
