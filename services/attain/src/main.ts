import { createLogger, loadConfig } from '@attain/config';
import { buildApp } from '@attain/http';
import { startPipelineFromRuntime } from '@attain/pipeline';
import { exitOnStartupFailure, installShutdown, startRuntime } from '@attain/runtime';

// Single-process mode, the local default: the API and every processor in one process.
const bootLogger = createLogger({ level: 'info', name: 'attain' });
try {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'attain' });
  const runtime = await startRuntime(config, logger);
  const pipeline = await startPipelineFromRuntime(runtime);
  const app = await buildApp({ runtime });
  await app.listen({ host: config.http.host, port: config.http.port });
  logger.info(
    { url: config.http.publicUrl, docs: `${config.http.publicUrl}/docs` },
    'attain is running (api + workers)',
  );
  installShutdown(logger, [() => app.close(), () => pipeline.close(), () => runtime.close()]);
} catch (error) {
  exitOnStartupFailure(bootLogger, error);
}
