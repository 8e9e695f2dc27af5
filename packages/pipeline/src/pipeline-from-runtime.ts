import type { Runtime } from '@attain/runtime';
import type { PipelineDeps } from './pipeline-deps.js';
import { startPipeline, type RunningPipeline } from './start-pipeline.js';

export function pipelineDeps(runtime: Runtime, now: () => Date = () => new Date()): PipelineDeps {
  return {
    db: runtime.db,
    logger: runtime.logger,
    dispatch: (items) => runtime.producer.dispatch(items),
    redrive: (items) => runtime.producer.redrive(items),
    // Read at use: the runtime swaps in a rotated key.
    get issuers() {
      return runtime.issuers;
    },
    publicUrl: runtime.config.http.publicUrl,
    statusLists: runtime.statusLists,
    status: { listLength: runtime.config.status.listLength, suspension: runtime.config.status.suspension },
    retryAfterMs: runtime.config.relay.retryAfterMs,
    now,
  };
}

/** Workers and relay as the configuration asks, on their own blocking Redis connection. */
export async function startPipelineFromRuntime(
  runtime: Runtime,
  now: () => Date = () => new Date(),
): Promise<RunningPipeline> {
  const connection = await runtime.connectRedis('worker');
  return startPipeline(pipelineDeps(runtime, now), {
    connection,
    prefix: runtime.config.queue.prefix,
    concurrency: runtime.config.queue.concurrency,
    topics: runtime.config.queue.queues,
    relayIntervalMs: runtime.config.relay.intervalMs,
  });
}
