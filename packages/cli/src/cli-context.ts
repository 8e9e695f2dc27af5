import { createLogger, loadConfig, type Config, type Logger } from '@attain/config';
import type { Db } from '@attain/db';
import {
  checkKeyEncryptionKey,
  loadBootstrapAdminToken,
  loadKeyEncryptionKey,
  openDatabase,
  openEmbeddedDatabase,
} from '@attain/runtime';

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
  /** The database's connection string (the embedded one's socket when DATABASE_URL is unset). */
  databaseUrl: string;
  /** The key-encryption key, checked against what the database already holds sealed. */
  keyEncryptionKey: () => Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Commands share the server's configuration (same DATABASE_URL, same key file) and log to stderr
 * only on warnings. Every command that reads or changes data needs the admin token:
 * ATTAIN_ADMIN_TOKEN, or in development the one the server keeps in its data folder.
 */
export async function openCliContext(options: { admin: boolean }): Promise<CliContext> {
  const config = loadConfig();
  // stderr: stdout carries the command's output (and --json) only.
  const logger = createLogger({ level: 'warn', name: 'attain-cli', destination: 2 });
  // No DATABASE_URL: the embedded database, through a running server's socket or opened here.
  const embedded =
    config.database.url === undefined ? await openEmbeddedDatabase(config.database.embeddedDir) : undefined;
  const databaseUrl = config.database.url ?? embedded?.url ?? '';
  const closeEmbedded = async (): Promise<void> => {
    await embedded?.embedded?.close();
  };
  let db: Db;
  try {
    db = await openDatabase(databaseUrl, { poolSize: 4 });
  } catch (error) {
    await closeEmbedded();
    throw error;
  }
  if (options.admin) {
    try {
      await requireAdmin(config, logger);
    } catch (error) {
      await db.destroy();
      await closeEmbedded();
      throw error;
    }
  }
  return {
    config,
    logger,
    db,
    databaseUrl,
    keyEncryptionKey: async () => {
      const kek = await loadKeyEncryptionKey(config, logger);
      await checkKeyEncryptionKey(db, kek);
      return kek;
    },
    close: async () => {
      await db.destroy();
      await closeEmbedded();
    },
  };
}

/**
 * The CLI runs with the deployment's own environment, whose ATTAIN_ADMIN_TOKEN is the root of
 * trust (the server accepts it as the bootstrap token): without one, nothing is done. Tokens made
 * with `attain admin-token create` are for the admin API.
 */
async function requireAdmin(config: Config, logger: Logger): Promise<void> {
  if ((await loadBootstrapAdminToken(config, logger)) === undefined) {
    throw new CliError('this command needs the admin token: set ATTAIN_ADMIN_TOKEN as the server has it');
  }
}

export async function withContext<T>(run: (context: CliContext) => Promise<T>, options = { admin: true }): Promise<T> {
  const context = await openCliContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

export function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}
