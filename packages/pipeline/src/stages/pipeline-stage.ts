import {
  startWorker,
  type JobHandler,
  type Topic,
  type TopicContract,
  type Worker,
  type WorkerOptions,
} from '@attain/queue';
import type { FrameworkCache } from '../framework-cache.js';
import type { PipelineDeps } from '../pipeline-deps.js';

/** What processors of one process share (a framework is parsed once per process, not per stage). */
export interface StageShared {
  frameworks: FrameworkCache;
}

/** Wraps a stage's processor, the same way for every stage (metrics, say). */
export type HandlerWrapper = <T extends Topic>(topic: T, handler: JobHandler<T>) => JobHandler<T>;

/**
 * One pipeline stage: its topic's contract (topic, payload schema, job key, from @attain/queue)
 * bound to the processor that does its work. The registry starts one worker per stage.
 */
export interface PipelineStage {
  readonly topic: Topic;
  readonly contract: TopicContract;
  /** What the stage does, in a line (the README's stage table says the same). */
  readonly summary: string;
  /** Builds the processor and starts its worker; the topic's payload type stays inside. */
  start(deps: PipelineDeps, shared: StageShared, wrap: HandlerWrapper, options: WorkerOptions): Worker;
}

export function defineStage<T extends Topic>(stage: {
  contract: TopicContract<T>;
  summary: string;
  processor: (deps: PipelineDeps, shared: StageShared) => JobHandler<T>;
}): PipelineStage {
  const { topic } = stage.contract;
  return {
    topic,
    contract: stage.contract,
    summary: stage.summary,
    start: (deps, shared, wrap, options) => startWorker(topic, wrap(topic, stage.processor(deps, shared)), options),
  };
}
