import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { DumpImportError, exportData, importData } from '@attain/db';
import { CliError, print, withContext } from '../cli-context.js';

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * `attain export` / `attain import`: Attain's data (not the queues) from one database to another,
 * typically from the embedded default to a PostgreSQL server. Signing keys move sealed: the
 * target must use the same key-encryption key (ATTAIN_KEY_ENCRYPTION_KEY or the key file).
 */
export function registerDumpCommands(program: Command): void {
  program
    .command('export')
    .description("write Attain's data (the configured database, or the embedded one) to a file, one JSON row per line")
    .requiredOption('--out <file>', 'where to write the dump')
    .option('--json', 'machine-readable output')
    .action(async (options: { out: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const file = createWriteStream(options.out, { flags: 'wx', mode: 0o600 });
        await once(file, 'open');
        const counts = await exportData(db, async (line) => {
          if (!file.write(`${line}\n`)) await once(file, 'drain');
        });
        file.end();
        await once(file, 'finish');
        print(
          options.json === true,
          { out: options.out, rows: counts },
          `exported ${total(counts)} rows to ${options.out}`,
        );
      });
    });

  program
    .command('import')
    .description(
      'load a dump made by `attain export` into the configured database (DATABASE_URL), in one transaction; ' +
        'it must be empty unless --force. Use the same key-encryption key as the source',
    )
    .requiredOption('--in <file>', 'the dump to load')
    .option('--force', 'replace the data the database already holds')
    .option('--json', 'machine-readable output')
    .action(async (options: { in: string; force?: boolean; json?: boolean }) => {
      await withContext(async ({ db, keyEncryptionKey }) => {
        const lines = createInterface({ input: createReadStream(options.in), crlfDelay: Infinity });
        let counts: Record<string, number>;
        try {
          counts = await importData(db, lines, { force: options.force === true });
        } catch (error) {
          if (error instanceof DumpImportError) throw new CliError(error.message);
          throw error;
        }
        // The imported signing keys must open with this environment's key-encryption key.
        await keyEncryptionKey().catch((error: unknown) => {
          throw new CliError(
            `imported, but the signing keys do not open with this key-encryption key (${(error as Error).message}): use the source's ATTAIN_KEY_ENCRYPTION_KEY or key file`,
          );
        });
        print(
          options.json === true,
          { in: options.in, rows: counts },
          `imported ${total(counts)} rows; unfinished work is re-driven from the outbox when Attain starts`,
        );
      });
    });
}
