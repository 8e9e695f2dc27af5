import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { parseJobData } from './job-data.js';
import { jobIdFor } from './topics.js';

describe('job payloads', () => {
  it('passes a complete payload through', () => {
    const data = { outboxId: 'b7c9', generation: 2, attainmentId: 'a-1' };
    expect(parseJobData('credential.issue', data)).toBe(data);
  });

  it('fails for good, naming what is missing, when a payload can never succeed', () => {
    expect(() => parseJobData('learner.evaluate', { outboxId: 'x', generation: 1, learnerId: 'l' })).toThrow(
      UnrecoverableError,
    );
    expect(() => parseJobData('learner.evaluate', { outboxId: 'x', generation: 1, learnerId: 'l' })).toThrow(
      'learner.evaluate job payload lacks frameworkId, version',
    );
    expect(() => parseJobData('event.map', null)).toThrow('event.map job payload lacks outboxId, eventId, generation');
  });

  it('derives job ids without colons, one per outbox row and generation', () => {
    expect(jobIdFor('event.map', '0b1c', 1)).toBe('map-0b1c-1');
    expect(jobIdFor('learner.evaluate', '0b1c', 3)).toBe('eval-0b1c-3');
    expect(jobIdFor('credential.issue', '0b1c', 1)).toBe('issue-0b1c-1');
  });
});
