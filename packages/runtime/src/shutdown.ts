import type { Logger } from '@attain/config';

/**
 * On SIGTERM/SIGINT: run the closers in order (stop taking work, then pools), and exit; a
 * second signal or the deadline forces the exit so a stuck close never hangs a deployment.
 */
export function installShutdown(logger: Logger, closers: (() => Promise<void>)[], deadlineMs = 25_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed: exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    void (async () => {
      for (const close of closers) {
        try {
          await close();
        } catch (error) {
          logger.error({ err: error }, 'error while shutting down');
        }
      }
      logger.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Prints a start-up failure as one readable message (no stack for expected failures) and exits. */
export function exitOnStartupFailure(logger: Logger, error: unknown): never {
  const expected = error instanceof Error && (error.name === 'StartupError' || error.name === 'ConfigError');
  if (expected) {
    process.stderr.write(`attain: ${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'start-up failed');
  }
  process.exit(1);
}
