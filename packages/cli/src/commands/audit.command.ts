import { listAuditEvents, verifyAuditChain } from '@attain/db';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit trail');
  audit
    .command('verify')
    .description('check the whole chain; names the first broken link (exit 1)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const result = await verifyAuditChain(db);
        if (!result.intact) {
          if (options.json === true) print(true, result, '');
          throw new CliError(
            `audit trail broken at event ${result.brokenAt}: ${result.problem} (${result.events} events read)`,
          );
        }
        print(options.json === true, result, `audit trail intact: ${result.events} events`);
      });
    });
  audit
    .command('list')
    .description('the latest audit events, newest first')
    .option('--subject <id>', 'only events about this credential, key or client')
    .option('--limit <n>', 'how many', (v) => Number(v), 50)
    .option('--json', 'machine-readable output')
    .action(async (options: { subject?: string; limit: number; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const events = await listAuditEvents(db, {
          limit: options.limit,
          ...(options.subject === undefined ? {} : { subject: options.subject }),
        });
        print(
          options.json === true,
          events,
          events
            .map(
              (e) =>
                `${e.seq}\t${e.at.toISOString()}\t${e.actor}\t${e.action}\t${e.subject}${e.reason === null ? '' : `\t${e.reason}`}`,
            )
            .join('\n'),
        );
      });
    });
}
