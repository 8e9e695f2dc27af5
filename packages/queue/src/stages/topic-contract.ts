import { Type, type Static, type TObject } from '@sinclair/typebox';

/**
 * What one pipeline stage promises everyone who produces its work: its topic (the BullMQ queue
 * and the outbox topic), its payload and how its jobs and outbox rows are keyed. Its processor
 * is bound to it in @attain/pipeline (stages/*.stage.ts), which checks at start-up that every
 * topic has exactly one.
 */
export interface TopicContract<T extends string = string, S extends TObject = TObject> {
  readonly topic: T;
  /** The job key: the short name in job ids, `<jobKey>-<outbox id>-<generation>` (no ':'). */
  readonly jobKey: string;
  /** The job payload (ids only): its TypeScript type and its check at the worker both come from it. */
  readonly payload: S;
  /** The key of the pending outbox row: work asked for again under the same key folds into one row. */
  outboxKey(payload: Static<S>): string;
}

export function defineTopic<const T extends string, S extends TObject>(
  contract: TopicContract<T, S>,
): TopicContract<T, S> {
  return contract;
}

/** An id in a payload: any non-empty string (the processor finds out whether it exists). */
export const Id = Type.String({ minLength: 1 });
