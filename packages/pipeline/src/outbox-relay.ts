import { claimDueOutbox, enqueueOutbox, forgetIngestSignatures } from '@attain/db';
import { work } from '@attain/queue';
import { dispatchAfter, type PipelineDeps } from './pipeline-deps.js';

/**
 * Re-drives work that Postgres holds but no worker finished in time: jobs lost with Redis,
 * enqueues that failed after commit, jobs of a crashed worker. Safe to run in every worker.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly options: { intervalMs: number; batchSize?: number; maxBackoffMs?: number },
  ) {}

  /** One sweep; returns how many items it re-drove. */
  async runOnce(): Promise<number> {
    // Housekeeping rides along: webhook signatures past any timestamp window (at most an hour).
    await forgetIngestSignatures(this.deps.db, new Date(this.deps.now().getTime() - 2 * 3600_000));
    // Status lists are re-signed before half their validity is gone, bits changed or not.
    const lists = await this.deps.statusLists.due();
    const publish = await enqueueOutbox(
      this.deps.db,
      lists.map((listId) => work('status.publish', { listId })),
      dispatchAfter(this.deps),
    );
    await this.deps.outbox.dispatchCommitted(publish);
    let total = 0;
    for (;;) {
      const due = await claimDueOutbox(
        this.deps.db,
        this.deps.now(),
        this.options.batchSize ?? 500,
        this.deps.retryAfterMs,
        this.options.maxBackoffMs,
      );
      if (due.length === 0) return total;
      total += due.length;
      await this.deps.redrive(due);
      if (due.length < (this.options.batchSize ?? 500)) return total;
    }
  }

  start(): void {
    const tick = (): void => {
      this.running = this.runOnce()
        .then((n) => {
          if (n > 0) this.deps.logger.info({ redriven: n }, 'relay re-drove unfinished work');
        })
        .catch((error: unknown) => {
          this.deps.logger.warn({ err: (error as Error).message }, 'relay sweep failed');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
