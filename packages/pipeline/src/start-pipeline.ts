import { recordOutboxFailure } from '@attain/db';
import { startWorker, TOPICS, type JobHandler, type QueueConnection, type Topic, type Worker } from '@attain/queue';
import { metrics } from '@attain/runtime';
import { createEvaluateLearnerProcessor } from './evaluate-learner.processor.js';
import { FrameworkCache } from './framework-cache.js';
import { createIssueCredentialProcessor } from './issue-credential.processor.js';
import { createMapEventProcessor } from './map-event.processor.js';
import { OutboxRelay } from './outbox-relay.js';
import { createPublishStatusListProcessor } from './publish-status-list.processor.js';
import { createDeliverNotificationProcessor } from './deliver-notification.processor.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface PipelineOptions {
  /** The queue backend (Redis or PostgreSQL); processors do not know which. */
  connection: QueueConnection;
  concurrency: number;
  /** Which queues this process serves: the knob that scales workers by replica. */
  topics: 'all' | readonly string[];
  relayIntervalMs: number;
  /** Failed runs of one piece of work before it goes to the dead-letter list. */
  maxFailures: number;
  /** Longest pause between re-drives of unfinished work. */
  maxBackoffMs?: number;
}

export interface RunningPipeline {
  workers: Worker[];
  relay: OutboxRelay;
  /** Stops taking work, lets in-flight jobs finish, stops the relay. */
  close(): Promise<void>;
}

export class UnknownQueueError extends Error {
  constructor(readonly names: string[]) {
    super(`WORKER_QUEUES names unknown queues: ${names.join(', ')} (known: ${TOPICS.join(', ')})`);
    this.name = 'UnknownQueueError';
  }
}

export function startPipeline(deps: PipelineDeps, options: PipelineOptions): RunningPipeline {
  const wanted = options.topics === 'all' ? [...TOPICS] : [...options.topics];
  const unknown = wanted.filter((t) => !(TOPICS as readonly string[]).includes(t));
  if (unknown.length > 0) throw new UnknownQueueError(unknown);
  const frameworks = new FrameworkCache(deps.db);
  const workerOptions = {
    connection: options.connection,
    concurrency: options.concurrency,
    logger: deps.logger,
  };
  const workers: Worker[] = [];
  const timed = <T extends Topic>(topic: T, handler: JobHandler<T>): JobHandler<T> => {
    return async (data, job) => {
      const stop = metrics.jobDuration.startTimer({ queue: topic });
      try {
        await handler(data, job);
        metrics.jobs.inc({ queue: topic, outcome: 'completed' });
      } catch (error) {
        metrics.jobs.inc({ queue: topic, outcome: 'failed' });
        throw error;
      } finally {
        stop();
      }
    };
  };
  for (const topic of wanted as Topic[]) {
    switch (topic) {
      case 'event.map':
        workers.push(startWorker(topic, timed(topic, createMapEventProcessor(deps)), workerOptions));
        break;
      case 'learner.evaluate':
        workers.push(startWorker(topic, timed(topic, createEvaluateLearnerProcessor(deps, frameworks)), workerOptions));
        break;
      case 'credential.issue':
        workers.push(startWorker(topic, timed(topic, createIssueCredentialProcessor(deps, frameworks)), workerOptions));
        break;
      case 'status.publish':
        workers.push(startWorker(topic, timed(topic, createPublishStatusListProcessor(deps)), workerOptions));
        break;
      case 'notify.deliver':
        workers.push(startWorker(topic, timed(topic, createDeliverNotificationProcessor(deps)), workerOptions));
        break;
    }
  }
  // A job that failed for good remembers why on its outbox row: the dead-letter list shows it.
  for (const worker of workers)
    worker.on('failed', (job, error) => {
      const outboxId = (job?.data as { outboxId?: unknown } | undefined)?.outboxId;
      if (typeof outboxId === 'string')
        recordOutboxFailure(deps.db, outboxId, error.message, options.maxFailures).then(
          (dead) => {
            if (dead)
              deps.logger.error(
                { outboxId, queue: job?.queueName },
                'work set aside after too many failures (dead-letter list)',
              );
          },
          (failure: unknown) => {
            deps.logger.warn({ err: (failure as Error).message, outboxId }, 'could not record a job failure');
          },
        );
    });
  const relay = new OutboxRelay(deps, {
    intervalMs: options.relayIntervalMs,
    ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
  });
  relay.start();
  return {
    workers,
    relay,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await relay.stop();
    },
  };
}
