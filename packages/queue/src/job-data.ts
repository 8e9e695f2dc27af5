import { UnrecoverableError } from 'bullmq';
import type { JobData, Topic } from './topics.js';

const FIELDS: Record<Topic, readonly string[]> = {
  'event.map': ['eventId'],
  'learner.evaluate': ['learnerId', 'frameworkId', 'version'],
  'credential.issue': ['attainmentId'],
  'status.publish': ['listId'],
  'notify.deliver': ['deliveryId'],
};

/**
 * Checks a job's payload before its processor sees it. A payload that can never succeed fails
 * at once (UnrecoverableError) instead of being retried.
 */
export function parseJobData<T extends Topic>(topic: T, data: unknown): JobData<T> {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const missing = ['outboxId', ...FIELDS[topic]].filter(
    (field) => typeof record[field] !== 'string' || record[field] === '',
  );
  if (!Number.isInteger(record.generation)) missing.push('generation');
  if (missing.length > 0) throw new UnrecoverableError(`${topic} job payload lacks ${missing.join(', ')}`);
  // Checked field by field above; TypeScript cannot follow that through the generic.
  return record as unknown as JobData<T>;
}
