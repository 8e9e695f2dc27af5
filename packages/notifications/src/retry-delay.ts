/** After this many failed attempts a delivery is given up. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(maxMs, baseMs * 2^(n-1))).
 * `random` is a parameter so tests can pin it.
 */
export function retryDelayMs(
  attempt: number,
  baseMs = 30_000,
  maxMs = 6 * 3600_000,
  random: () => number = Math.random,
): number {
  // Clamp the exponent, so a huge (or nonsensical) attempt number cannot overflow to Infinity or NaN.
  const doublings = Number.isNaN(attempt) ? 0 : Math.min(Math.max(Math.trunc(attempt) - 1, 0), 52);
  const ceiling = Math.min(maxMs, baseMs * 2 ** doublings);
  return Math.floor(random() * ceiling);
}
