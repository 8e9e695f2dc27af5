import type { Job, Worker } from 'bullmq';
import type { QueueConnection } from './queue-connection.js';
import type { Logger } from '@attain/config';
import { parseJobData } from './job-data.js';
import type { JobData, Topic } from './topics.js';

export type JobHandler<T extends Topic> = (data: JobData<T>, job: Job<JobData<T>>) => Promise<void>;

export interface WorkerOptions {
  connection: QueueConnection;
  concurrency: number;
  logger: Logger;
}

/** A BullMQ worker for one topic that logs failures with the job's ids (never its secrets). */
export function startWorker<T extends Topic>(
  topic: T,
  handler: JobHandler<T>,
  options: WorkerOptions,
): Worker<JobData<T>> {
  const log = options.logger.child({ queue: topic });
  const worker = options.connection.newWorker<JobData<T>>(topic, (job) => handler(parseJobData(topic, job.data), job), {
    concurrency: options.concurrency,
    // A worker killed mid-job hands it back after this long.
    lockDuration: 30_000,
    maxStalledCount: 5,
  });
  worker.on('failed', (job, error) => {
    log.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed');
  });
  worker.on('error', (error) => {
    log.error({ err: error }, 'worker error');
  });
  return worker;
}
