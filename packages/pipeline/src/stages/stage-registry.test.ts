import { jobIdFor, parseJobData, TOPICS, UnrecoverableError, work, type QueueConnection } from '@attain/queue';
import { describe, expect, it } from 'vitest';
import type { PipelineDeps } from '../pipeline-deps.js';
import { startPipeline } from '../start-pipeline.js';
import { issueCredentialStage } from './issue-credential.stage.js';
import { mapEventStage } from './map-event.stage.js';
import { selectStages, StageRegistryError, STAGES, stagesByTopic, UnknownQueueError } from './stage-registry.js';

// Start-up refuses before it touches any collaborator: these would fail with a TypeError if used.
const unused = {} as PipelineDeps;
const options = {
  connection: {} as QueueConnection,
  concurrency: 1,
  relayIntervalMs: 1000,
  maxFailures: 3,
};

describe('the stage registry', () => {
  it('has exactly one stage for every topic, in flow order', () => {
    expect(TOPICS).toEqual(['event.map', 'learner.evaluate', 'credential.issue', 'status.publish', 'notify.deliver']);
    expect(STAGES.map((stage) => stage.topic)).toEqual(TOPICS);
    expect([...stagesByTopic().keys()]).toEqual(TOPICS);
    for (const stage of STAGES) expect(stage.contract.topic).toBe(stage.topic);
  });

  it('serves the queues WORKER_QUEUES names, in its order, and all by default', () => {
    expect(selectStages('all').map((s) => s.topic)).toEqual(TOPICS);
    expect(selectStages(['credential.issue', 'event.map']).map((s) => s.topic)).toEqual([
      'credential.issue',
      'event.map',
    ]);
  });

  it('refuses a WORKER_QUEUES that names an unknown queue, naming it and the known ones', () => {
    expect(() => selectStages(['event.map', 'event.mop'])).toThrow(UnknownQueueError);
    expect(() => selectStages(['event.map', 'event.mop'])).toThrow(
      'WORKER_QUEUES names unknown queues: event.mop (known: event.map, learner.evaluate, credential.issue, status.publish, notify.deliver)',
    );
    expect(() => startPipeline(unused, { ...options, topics: ['notify.deliverr'] })).toThrow(UnknownQueueError);
  });

  it('fails start-up when a topic has no processor', () => {
    const withoutIssue = STAGES.filter((stage) => stage !== issueCredentialStage);
    expect(() => stagesByTopic(withoutIssue)).toThrow('no processor for credential.issue');
    expect(() => startPipeline(unused, { ...options, topics: 'all', stages: withoutIssue })).toThrow(
      StageRegistryError,
    );
    // Even a process that would not serve the missing topic: the registry itself is wrong.
    expect(() => startPipeline(unused, { ...options, topics: ['event.map'], stages: withoutIssue })).toThrow(
      StageRegistryError,
    );
  });

  it('fails start-up when a topic has two processors', () => {
    const twice = [...STAGES, mapEventStage];
    expect(() => stagesByTopic(twice)).toThrow('more than one processor for event.map');
    expect(() => startPipeline(unused, { ...options, topics: 'all', stages: twice })).toThrow(StageRegistryError);
  });
});

describe('what the registry derives from each stage', () => {
  it('builds the outbox rows the pipeline has always written', () => {
    expect(work('event.map', { eventId: 'e-1' })).toEqual({
      topic: 'event.map',
      jobKey: 'e-1',
      payload: { eventId: 'e-1' },
    });
    expect(work('learner.evaluate', { learnerId: 'l-1', frameworkId: '41-3031.00', version: 'v.26.05' })).toEqual({
      topic: 'learner.evaluate',
      jobKey: '["l-1","41-3031.00","v.26.05"]',
      payload: { learnerId: 'l-1', frameworkId: '41-3031.00', version: 'v.26.05' },
    });
    expect(work('credential.issue', { attainmentId: 'a-1' })).toEqual({
      topic: 'credential.issue',
      jobKey: 'a-1',
      payload: { attainmentId: 'a-1' },
    });
    // A renewal names its own row key: the first round's row may still be pending.
    expect(work('credential.issue', { attainmentId: 'a-1' }, 'a-1#2').jobKey).toBe('a-1#2');
    expect(work('status.publish', { listId: 's-1' }).jobKey).toBe('s-1');
    expect(work('notify.deliver', { deliveryId: 'd-1' }).jobKey).toBe('d-1');
  });

  it('derives the job ids of every topic', () => {
    expect(TOPICS.map((topic) => jobIdFor(topic, '0b1c', 2))).toEqual([
      'map-0b1c-2',
      'eval-0b1c-2',
      'issue-0b1c-2',
      'status-0b1c-2',
      'deliver-0b1c-2',
    ]);
  });

  it('checks each payload against its schema at the worker', () => {
    expect(parseJobData('status.publish', { outboxId: 'o', generation: 1, listId: 's-1' })).toEqual({
      outboxId: 'o',
      generation: 1,
      listId: 's-1',
    });
    expect(() => parseJobData('notify.deliver', { outboxId: 'o', generation: 1.5, deliveryId: '' })).toThrow(
      UnrecoverableError,
    );
    expect(() => parseJobData('notify.deliver', { outboxId: 'o', generation: 1.5, deliveryId: '' })).toThrow(
      'notify.deliver job payload lacks deliveryId, generation',
    );
  });
});
