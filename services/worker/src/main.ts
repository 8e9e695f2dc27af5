import { createLogger, loadConfig } from '@attain/config';
import { startPipelineFromRuntime } from '@attain/pipeline';
import { exitOnStartupFailure, installShutdown, startRuntime } from '@attain/runtime';

// The processors alone (WORKER_QUEUES chooses which); scale by running more of these.
const bootLogger = createLogger({ level: 'info', name: 'attain-worker' });
try {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'attain-worker' });
  const runtime = await startRuntime(config, logger);
  const pipeline = await startPipelineFromRuntime(runtime);
  logger.info({ queues: config.queue.queues, concurrency: config.queue.concurrency }, 'attain worker is running');
  installShutdown(logger, [() => pipeline.close(), () => runtime.close()]);
} catch (error) {
  exitOnStartupFailure(bootLogger, error);
}
