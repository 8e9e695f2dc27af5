import { createLogger, loadConfig } from '@attain/config';
import { buildApp } from '@attain/http';
import { exitOnStartupFailure, installShutdown, startRuntime } from '@attain/runtime';

// The API alone: ingest, verification and public pages; processors run in `services/worker`.
const bootLogger = createLogger({ level: 'info', name: 'attain-api' });
try {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'attain-api' });
  const runtime = await startRuntime(config, logger);
  const app = await buildApp({ runtime });
  await app.listen({ host: config.http.host, port: config.http.port });
  logger.info({ url: config.http.publicUrl }, 'attain api is running');
  installShutdown(logger, [() => app.close(), () => runtime.close()]);
} catch (error) {
  exitOnStartupFailure(bootLogger, error);
}
