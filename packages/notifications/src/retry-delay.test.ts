import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './retry-delay.js';

const almostOne = () => 0.999_999;
const half = () => 0.5;

describe('retryDelayMs', () => {
  it('stays below the base on the first attempt and doubles after', () => {
    expect(retryDelayMs(1, 30_000, 6 * 3600_000, almostOne)).toBe(29_999);
    expect(retryDelayMs(1, 30_000, 6 * 3600_000, half)).toBe(15_000);
    expect(retryDelayMs(2, 30_000, 6 * 3600_000, half)).toBe(30_000);
    expect(retryDelayMs(3, 30_000, 6 * 3600_000, half)).toBe(60_000);
    expect(retryDelayMs(MAX_DELIVERY_ATTEMPTS, 30_000, 6 * 3600_000, half)).toBe(1_920_000);
  });

  it('is full jitter: a random of 0 waits not at all', () => {
    expect(retryDelayMs(5, 30_000, 6 * 3600_000, () => 0)).toBe(0);
  });

  it('is capped at maxMs and stays finite for huge attempt numbers', () => {
    expect(retryDelayMs(20, 30_000, 6 * 3600_000, half)).toBe(10_800_000);
    expect(retryDelayMs(1e9, 30_000, 6 * 3600_000, almostOne)).toBe(21_599_978);
    expect(retryDelayMs(Number.POSITIVE_INFINITY, 30_000, 6 * 3600_000, half)).toBe(10_800_000);
  });

  it('treats attempts below 1 (and NaN) as the first', () => {
    expect(retryDelayMs(0, 30_000, 6 * 3600_000, half)).toBe(15_000);
    expect(retryDelayMs(-3, 30_000, 6 * 3600_000, half)).toBe(15_000);
    expect(retryDelayMs(Number.NaN, 30_000, 6 * 3600_000, half)).toBe(15_000);
  });

  it('uses its defaults and Math.random', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const delay = retryDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(6 * 3600_000, 30_000 * 2 ** (attempt - 1)));
      expect(Number.isInteger(delay)).toBe(true);
    }
  });
});
