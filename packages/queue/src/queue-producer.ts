import type { Queue } from 'bullmq';
import type { QueueConnection } from './queue-connection.js';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { isTopic, jobIdFor, TOPICS, type Topic, type WorkItem } from './topics.js';

export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`no queue for topic ${topic}`);
    this.name = 'UnknownTopicError';
  }
}

/** Puts outbox work on its BullMQ queue under the work's deterministic job id. */
export class QueueProducer {
  private readonly queues: Map<Topic, Queue>;

  constructor(private readonly connection: QueueConnection) {
    this.queues = new Map(TOPICS.map((topic) => [topic, connection.newQueue(topic)]));
  }

  /** Which backend carries the queues. */
  get backend(): QueueConnection['kind'] {
    return this.connection.kind;
  }

  async dispatch(items: readonly WorkItem[]): Promise<void> {
    const byTopic = new Map<Topic, WorkItem[]>();
    for (const item of items) {
      if (!isTopic(item.topic)) throw new UnknownTopicError(item.topic);
      byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), item]);
    }
    await Promise.all(
      [...byTopic].map(([topic, work]) =>
        this.queue(topic).addBulk(
          work.map((item) => ({
            name: topic,
            data: { ...item.payload, outboxId: item.id, generation: item.generation },
            opts: { ...DEFAULT_JOB_OPTIONS, jobId: jobIdFor(topic, item.id, item.generation) },
          })),
        ),
      ),
    );
  }

  /**
   * For work that Postgres still holds past its due time: a missing job is added again, and a
   * job that already finished (failed for good after its retries, say while the database was
   * down) runs again with fresh attempts. Re-adding alone would be a no-op for a kept job id.
   * Found by the 1,000-agent chaos run.
   */
  async redrive(items: readonly WorkItem[]): Promise<void> {
    await this.dispatch(items);
    for (const item of items) {
      if (!isTopic(item.topic)) continue;
      const job = await this.queue(item.topic).getJob(jobIdFor(item.topic, item.id, item.generation));
      if (job === undefined) continue;
      // A husk: keys deleted under a running worker (FLUSHALL, a Redis restart) can leave a job hash
      // holding only the fields a worker wrote afterwards, without the data; re-adding is a no-op
      // for its id and retrying it fails for ever. Remove it and add the job anew.
      if ((job.data as { outboxId?: unknown } | undefined)?.outboxId !== item.id) {
        const removed = await job.remove().then(
          () => true,
          () => false, // locked by a worker that is about to fail it: the next sweep comes back
        );
        if (removed) await this.dispatch([item]);
        continue;
      }
      const state = await job.getState();
      if (state === 'failed' || state === 'completed') {
        await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      }
    }
  }

  queue(topic: Topic): Queue {
    const queue = this.queues.get(topic);
    if (queue === undefined) throw new UnknownTopicError(topic);
    return queue;
  }

  async counts(): Promise<Record<Topic, Record<string, number>>> {
    const entries = await Promise.all(
      TOPICS.map(async (topic) => [topic, await this.queue(topic).getJobCounts()] as const),
    );
    return Object.fromEntries(entries) as Record<Topic, Record<string, number>>;
  }

  /** When the oldest job still waiting in each queue was added (undefined: none waits). */
  async oldestWaiting(): Promise<Record<Topic, number | undefined>> {
    const entries = await Promise.all(
      TOPICS.map(async (topic) => {
        const [oldest] = await this.queue(topic).getJobs(['waiting'], 0, 0, true);
        return [topic, oldest?.timestamp] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<Topic, number | undefined>;
  }

  /** Answers when the queue backend does; for readiness checks. */
  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
