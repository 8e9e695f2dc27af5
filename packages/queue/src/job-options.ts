import type { JobsOptions } from 'bullmq';

/** Bounded retries with backoff; finished jobs are kept a while so that re-adds stay no-ops. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
