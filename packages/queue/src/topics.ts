import type { Static } from '@sinclair/typebox';
import { credentialIssue } from './stages/credential-issue.topic.js';
import { eventMap } from './stages/event-map.topic.js';
import { learnerEvaluate } from './stages/learner-evaluate.topic.js';
import { notifyDeliver } from './stages/notify-deliver.topic.js';
import { statusPublish } from './stages/status-publish.topic.js';
import type { TopicContract } from './stages/topic-contract.js';

/**
 * The pipeline's topics, each declared once in stages/*.topic.ts; everything else about topics
 * (the Topic type, payload types, job ids, payload checks, outbox work) is derived from this list.
 */
export const TOPIC_CONTRACTS = [eventMap, learnerEvaluate, credentialIssue, statusPublish, notifyDeliver] as const;

type Contract = (typeof TOPIC_CONTRACTS)[number];
export type Topic = Contract['topic'];

export const TOPICS: readonly Topic[] = TOPIC_CONTRACTS.map((contract) => contract.topic);

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

/** Job payloads carry ids only: no personal data, no keys. */
export type TopicPayloads = { [C in Contract as C['topic']]: Static<C['payload']> };

/** Every job points back at the outbox row that owns it. */
export type JobData<T extends Topic> = TopicPayloads[T] & { outboxId: string; generation: number };

/** A durable piece of work (an outbox row) to be put on its queue. */
export interface WorkItem {
  id: string;
  topic: string;
  generation: number;
  payload: Record<string, unknown>;
}

/** Work to write to the outbox: the row the db inserts (`NewOutboxItem` there). */
export interface OutboxWork<T extends Topic = Topic> {
  topic: T;
  jobKey: string;
  payload: TopicPayloads[T];
}

const byTopic = new Map<string, TopicContract>(TOPIC_CONTRACTS.map((contract) => [contract.topic, contract]));

export function contractOf(topic: Topic): TopicContract {
  return byTopic.get(topic) as TopicContract;
}

/**
 * Typed builder of outbox work: `work('learner.evaluate', {learnerId, frameworkId, version})`.
 * The row's key comes from the topic's contract unless the caller names another (a renewal does).
 */
export function work<T extends Topic>(topic: T, payload: TopicPayloads[T], outboxKey?: string): OutboxWork<T> {
  return { topic, jobKey: outboxKey ?? contractOf(topic).outboxKey(payload), payload };
}

/**
 * Deterministic job id from the outbox row: enqueuing the same work twice is a no-op while
 * BullMQ keeps the job, and a re-requested (new generation) run gets a new id. No ':' allowed.
 */
export function jobIdFor(topic: Topic, outboxId: string, generation: number): string {
  return `${contractOf(topic).jobKey}-${outboxId}-${generation}`;
}
