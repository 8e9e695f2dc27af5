import { saveActivityMappings, UnknownStatementCodesError } from '@attain/db';
import { mapEventWork } from '@attain/pipeline';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';
import { readMappingFile } from '../mapping-file.js';

export function registerMappingCommands(program: Command): void {
  const mappings = program.command('mappings').description('activity id → framework statement mappings');
  mappings
    .command('import')
    .description('add mappings from a JSON file; results parked for want of a mapping are processed again')
    .argument(
      '<file>',
      'JSON [{"activityId", "framework", "version", "statements": ["emerging-1", …]}], or CSV (.csv) with columns activityId,framework,version,statement',
    )
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }) => {
      const list = await readMappingFile(file);
      await withContext(async ({ db, config }) => {
        try {
          // The relay picks re-queued events up at once: they are due now.
          const { added, requeued } = await saveActivityMappings(db, list, new Date(), mapEventWork);
          print(
            options.json === true,
            { activities: list.length, added, requeued: requeued.length },
            `${list.length} activities, ${added} new statement mappings, ${requeued.length} stored results queued again (processed within ${config.relay.intervalMs} ms by a running worker)`,
          );
        } catch (error) {
          if (error instanceof UnknownStatementCodesError) throw new CliError(error.message);
          throw error;
        }
      });
    });
}
