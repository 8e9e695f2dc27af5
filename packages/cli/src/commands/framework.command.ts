import { listFrameworks } from '@attain/db';
import { importFrameworkFile } from '@attain/runtime';
import type { Command } from 'commander';
import { print, withContext } from '../cli-context.js';

export function registerFrameworkCommands(program: Command): void {
  const framework = program.command('framework').description('competency frameworks (LER.me exports, schema 1.0)');
  framework
    .command('import')
    .description('import an LER.me framework export; importing the same file again changes nothing')
    .argument('<file>', 'path of the JSON export')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const { framework: f, outcome } = await importFrameworkFile(db, file);
        const statements = f.levels.reduce((n, l) => n + l.statements.length, 0);
        print(
          options.json === true,
          { id: f.id, version: f.version, title: f.title, levels: f.levels.length, statements, outcome },
          `${outcome === 'created' ? 'imported' : 'already imported'}: ${f.id} ${f.version} ${f.title} (${f.levels.length} levels, ${statements} statements)`,
        );
      });
    });
  framework
    .command('list')
    .description('list imported frameworks')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const list = await listFrameworks(db);
        print(options.json === true, list, list.map((f) => `${f.id}\t${f.version}\t${f.title}`).join('\n'));
      });
    });
}
