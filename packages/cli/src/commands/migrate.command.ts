import type { Command } from 'commander';
import { print, withContext } from '../cli-context.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create the database if needed and apply pending migrations (the server also does this at start)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      // Opening the context migrates; nothing else to do.
      await withContext(
        ({ config }) => {
          print(
            options.json === true,
            { database: 'migrated' },
            config.database.url === undefined
              ? `database ready: embedded in ${config.database.embeddedDir}`
              : `database ready: ${new URL(config.database.url).pathname.slice(1)}`,
          );
          return Promise.resolve();
        },
        { admin: false },
      );
    });
}
