import { describe, expect, it } from 'vitest';
import { normalizeResult } from './assessment-result.normalizer.js';
import type { AssessmentResult } from './schemas.js';

const now = new Date('2026-11-25T12:00:00Z');
const base: AssessmentResult = {
  eventId: 'e-1',
  learner: { id: 'u-1', email: ' Agent@Brokerage.Example ', name: 'Agent' },
  activityId: 'quiz-1',
  completedAt: '2026-11-25T11:00:00Z',
};

describe('normalizeResult', () => {
  it('keeps a scaled score and lower-cases the e-mail', () => {
    const result = normalizeResult({ ...base, score: { scaled: 0.85 }, passed: true }, 0, now, 300);
    expect(result).toMatchObject({
      event: {
        learner: { lmsUserId: 'u-1', email: 'agent@brokerage.example' },
        score: { scaled: 0.85, raw: null, min: null, max: null },
        passed: true,
        completedAt: new Date('2026-11-25T11:00:00Z'),
        source: 'native',
      },
    });
  });

  it('derives the scaled score from raw, min and max', () => {
    const result = normalizeResult({ ...base, score: { raw: 15, min: 5, max: 25 } }, 0, now, 300);
    expect('event' in result && result.event.score).toEqual({ scaled: 0.5, raw: 15, min: 5, max: 25 });
  });

  it('accepts a passed flag without a score', () => {
    const result = normalizeResult({ ...base, passed: false }, 0, now, 300);
    expect('event' in result && result.event.score.scaled).toBeNull();
  });

  it.each([
    [{ score: { raw: 3 } }, '/score'],
    [{ score: { raw: 3, min: 5, max: 5 } }, '/score/min'],
    [{ score: { raw: 30, min: 5, max: 25 } }, '/score/raw'],
    [{}, ''],
    [{ passed: true, completedAt: '2026-11-25T12:05:01Z' }, '/completedAt'],
  ])('reports %j at %s with the result index', (overrides, path) => {
    const result = normalizeResult({ ...base, ...overrides }, 7, now, 300);
    expect(result).toEqual({ problems: [expect.objectContaining({ index: 7, path })] });
  });
});
