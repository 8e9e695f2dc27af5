import type { Logger } from '@attain/config';
import { ingestRequests, type IngestRequest, type IngestResult } from '@attain/db';
import { mapEventWork } from '@attain/pipeline';
import type { Runtime } from '@attain/runtime';
import { isDatabaseUnavailable } from './database-unavailable.js';

interface Pending {
  request: IngestRequest;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Transactions in flight at once; requests arriving meanwhile wait and go in the next group. */
  concurrency: number;
  /** A group holds at most this many results (and one request always goes alone if bigger). */
  maxResults: number;
  /** While a transaction is in flight, another starts only for at least this many results. */
  minGroupResults: number;
  /** How long committed work may wait for its job before the relay re-drives it. */
  retryAfterMs: number;
  now: () => Date;
  logger: Logger;
}

/**
 * Group commit for ingest. When the database is idle a request commits at once, alone; under
 * load, requests that arrive while `concurrency` transactions are in flight are stored together
 * in the next one: one round of statements and one WAL flush for the group instead of one per
 * request. Nobody is answered before the transaction holding their results has committed. If a
 * group fails for a reason other than the database being unreachable, its requests are retried
 * one by one, so that one request that the database refuses cannot fail the others. The group's
 * work is put on the queue with one call after the commit; if that fails the relay re-drives it.
 */
export class IngestGroupCommit {
  private readonly waiting: Pending[] = [];
  /** Results held by the waiting requests, kept as they come and go (read on every drain). */
  private waitingResults = 0;
  private inFlight = 0;

  constructor(
    private readonly runtime: Pick<Runtime, 'db' | 'outbox'>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(request: IngestRequest): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.waitingResults += request.events.length;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.concurrency && this.waiting.length > 0) {
      // Idle: commit at once. Busy: open another transaction only for a group worth one; the
      // few requests waiting otherwise go with the next group, within one commit's time.
      if (this.inFlight > 0 && this.waitingResults < this.options.minGroupResults) return;
      const group = this.take();
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private take(): Pending[] {
    const group: Pending[] = [];
    let results = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as Pending;
      const size = next.request.events.length;
      if (group.length > 0 && results + size > this.options.maxResults) break;
      group.push(next);
      this.waiting.shift();
      this.waitingResults -= size;
      results += size;
    }
    return group;
  }

  private async commit(group: Pending[]): Promise<void> {
    const dispatchAfter = new Date(this.options.now().getTime() + this.options.retryAfterMs);
    const settled: { pending: Pending; result: IngestResult }[] = [];
    try {
      const results = await ingestRequests(
        this.runtime.db,
        group.map((p) => p.request),
        dispatchAfter,
        mapEventWork,
      );
      group.forEach((pending, i) => settled.push({ pending, result: results[i] as IngestResult }));
    } catch (error) {
      if (group.length === 1 || isDatabaseUnavailable(error)) {
        for (const p of group) p.reject(error);
        return;
      }
      for (const pending of group) {
        try {
          const [result] = await ingestRequests(this.runtime.db, [pending.request], dispatchAfter, mapEventWork);
          settled.push({ pending, result: result as IngestResult });
        } catch (single) {
          pending.reject(single);
        }
      }
    }
    // Committed: from here on the relay guarantees the work even if this enqueue fails.
    const work = settled.flatMap(({ result }) => ('work' in result ? result.work : []));
    await this.runtime.outbox.dispatchCommitted(work, this.options.logger);
    for (const { pending, result } of settled) pending.resolve(result);
  }
}
