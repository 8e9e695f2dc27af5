/** The pipeline's stages; each is one BullMQ queue and one outbox topic. */
export const TOPICS = [
  'event.map',
  'learner.evaluate',
  'credential.issue',
  'status.publish',
  'notify.deliver',
] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

/** Job payloads carry ids only: no personal data, no keys. */
export interface TopicPayloads {
  'event.map': { eventId: string };
  'learner.evaluate': { learnerId: string; frameworkId: string; version: string };
  'credential.issue': { attainmentId: string };
  'status.publish': { listId: string };
  'notify.deliver': { deliveryId: string };
}

/** Every job points back at the outbox row that owns it. */
export type JobData<T extends Topic> = TopicPayloads[T] & { outboxId: string; generation: number };

/** A durable piece of work (an outbox row) to be put on its queue. */
export interface WorkItem {
  id: string;
  topic: string;
  generation: number;
  payload: Record<string, unknown>;
}

const SHORT: Record<Topic, string> = {
  'event.map': 'map',
  'learner.evaluate': 'eval',
  'credential.issue': 'issue',
  'status.publish': 'status',
  'notify.deliver': 'deliver',
};

/**
 * Deterministic job id from the outbox row: enqueuing the same work twice is a no-op while
 * BullMQ keeps the job, and a re-requested (new generation) run gets a new id. No ':' allowed.
 */
export function jobIdFor(topic: Topic, outboxId: string, generation: number): string {
  return `${SHORT[topic]}-${outboxId}-${generation}`;
}
