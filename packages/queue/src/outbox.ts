import type { WorkItem } from './topics.js';

/** Where the outbox reports an enqueue it gave up on: a pino logger, or a request's. */
export interface OutboxLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * The one place of the outbox protocol's last step. Work is written to the outbox in the
 * transaction that causes it; after the commit it is put on its queue at once. If that fails
 * (Redis down, say) nothing is lost: the row stays, and the relay re-drives it when it is due.
 */
export class Outbox {
  constructor(
    private readonly queue: { dispatch(items: readonly WorkItem[]): Promise<void> },
    private readonly log: OutboxLog,
  ) {}

  /** These rows were committed: dispatch them now, and if that fails log and leave them to the relay. */
  async dispatchCommitted(items: readonly WorkItem[], log: OutboxLog = this.log): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.queue.dispatch(items);
    } catch (error) {
      log.warn({ err: (error as Error).message, items: items.length }, 'could not enqueue; the relay will re-drive');
    }
  }
}
