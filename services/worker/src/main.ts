import { createLogger, loadConfig } from '@attain/config';
import { startPipelineFromRuntime } from '@attain/pipeline';
import { exitOnStartupFailure, installShutdown, startMetricsServer, startRuntime } from '@attain/runtime';

// The processors alone (WORKER_QUEUES chooses which); scale by running more of these.
const bootLogger = createLogger({ level: 'info', name: 'attain-worker' });
try {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'attain-worker' });
  const runtime = await startRuntime(config, logger);
  const pipeline = await startPipelineFromRuntime(runtime);
  logger.info({ queues: config.queue.queues, concurrency: config.queue.concurrency }, 'attain worker is running');
  // No HTTP otherwise: Prometheus scrapes job metrics here when METRICS_PORT is set.
  const metricsServer =
    config.metrics.port === undefined ? undefined : await startMetricsServer(config.metrics.port, config.http.host);
  if (metricsServer !== undefined) logger.info({ port: config.metrics.port }, 'metrics at /metrics');
  installShutdown(logger, [
    () =>
      new Promise<void>((resolve) => {
        if (metricsServer === undefined) resolve();
        else
          metricsServer.close(() => {
            resolve();
          });
      }),
    () => pipeline.close(),
    () => runtime.close(),
  ]);
} catch (error) {
  exitOnStartupFailure(bootLogger, error);
}
