import { createMailer, deliveryChannels, type Mailer } from '@attain/notifications';
import { openSecret, type Runtime } from '@attain/runtime';
import type { PipelineDeps } from './pipeline-deps.js';
import { startPipeline, type RunningPipeline } from './start-pipeline.js';

export function pipelineDeps(runtime: Runtime, now: () => Date = () => new Date(), mailer?: Mailer): PipelineDeps {
  return {
    db: runtime.db,
    logger: runtime.logger,
    outbox: runtime.outbox,
    redrive: (items) => runtime.producer.redrive(items),
    // Read at use: the runtime swaps in a rotated key.
    get issuers() {
      return runtime.issuers;
    },
    publicUrl: runtime.config.http.publicUrl,
    statusLists: runtime.statusLists,
    status: { listLength: runtime.config.status.listLength, suspension: runtime.config.status.suspension },
    notifications: {
      mailer,
      retryBaseMs: runtime.config.notifications.retryBaseMs,
      maxAttempts: runtime.config.notifications.maxAttempts,
      openSecret: (sealed) => openSecret(sealed, runtime.kek),
      channels: deliveryChannels,
    },
    retryAfterMs: runtime.config.relay.retryAfterMs,
    now,
  };
}

/** Workers and relay as the configuration asks, on their own (blocking) queue connection. */
export async function startPipelineFromRuntime(
  runtime: Runtime,
  now: () => Date = () => new Date(),
): Promise<RunningPipeline> {
  const connection = await runtime.connectQueue('worker');
  const { smtpUrl, mailFrom } = runtime.config.notifications;
  const mailer = smtpUrl === undefined ? undefined : createMailer({ url: smtpUrl, from: mailFrom });
  const running = startPipeline(pipelineDeps(runtime, now, mailer), {
    connection,
    concurrency: runtime.config.queue.concurrency,
    topics: runtime.config.queue.queues,
    relayIntervalMs: runtime.config.relay.intervalMs,
    maxFailures: runtime.config.relay.maxFailures,
    maxBackoffMs: runtime.config.relay.maxBackoffMs,
  });
  return {
    ...running,
    async close() {
      await running.close();
      mailer?.close();
    },
  };
}
