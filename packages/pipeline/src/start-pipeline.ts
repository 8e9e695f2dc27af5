import { recordOutboxFailure } from '@attain/db';
import type { JobHandler, QueueConnection, Topic, Worker } from '@attain/queue';
import { metrics } from '@attain/runtime';
import { FrameworkCache } from './framework-cache.js';
import { OutboxRelay } from './outbox-relay.js';
import type { PipelineDeps } from './pipeline-deps.js';
import type { PipelineStage } from './stages/pipeline-stage.js';
import { selectStages, STAGES } from './stages/stage-registry.js';

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
  /** The stages to run (default: the registry's); every topic must have exactly one. */
  stages?: readonly PipelineStage[];
}

export interface RunningPipeline {
  workers: Worker[];
  relay: OutboxRelay;
  /** Stops taking work, lets in-flight jobs finish, stops the relay. */
  close(): Promise<void>;
}

export function startPipeline(deps: PipelineDeps, options: PipelineOptions): RunningPipeline {
  // Refuses to start when a topic has no processor or two, or WORKER_QUEUES names an unknown queue.
  const stages = selectStages(options.topics, options.stages ?? STAGES);
  const shared = { frameworks: new FrameworkCache(deps.db) };
  const workerOptions = {
    connection: options.connection,
    concurrency: options.concurrency,
    logger: deps.logger,
  };
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
  const workers: Worker[] = stages.map((stage) => stage.start(deps, shared, timed, workerOptions));
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
