import { createLogger, loadConfig, type Config, type Logger } from '@attain/config';
import type { Db } from '@attain/db';
import { checkKeyEncryptionKey, loadKeyEncryptionKey, openDatabase } from '@attain/runtime';

/** A CLI failure the user can act on: printed as one line, exit code 1, no stack. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliContext {
  config: Config;
  logger: Logger;
  db: Db;
  /** The key-encryption key, checked against what the database already holds sealed. */
  keyEncryptionKey: () => Promise<Buffer>;
  close(): Promise<void>;
}

/** Commands share the server's configuration (same DATABASE_URL, same key file) and log to stderr only on warnings. */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  // stderr: stdout carries the command's output (and --json) only.
  const logger = createLogger({ level: 'warn', name: 'attain-cli', destination: 2 });
  const db = await openDatabase(config.database.url, { poolSize: 4 });
  return {
    config,
    logger,
    db,
    keyEncryptionKey: async () => {
      const kek = await loadKeyEncryptionKey(config, logger);
      await checkKeyEncryptionKey(db, kek);
      return kek;
    },
    close: () => db.destroy(),
  };
}

export async function withContext<T>(run: (context: CliContext) => Promise<T>): Promise<T> {
  const context = await openCliContext();
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

export function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}
