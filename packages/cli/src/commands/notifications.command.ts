import {
  findLearnerIdsByEmail,
  listDeadLetters,
  listDeliveries,
  issueProgressToken,
  redriveDeadLetter,
  type DeliveryStatus,
} from '@attain/db';
import { retryDeadDelivery } from '@attain/pipeline';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];

export function registerNotificationCommands(program: Command): void {
  const deliveries = program.command('deliveries').description('e-mails and webhooks announcing issued credentials');
  deliveries
    .command('list')
    .description('deliveries, newest first; --status dead is the dead-letter list')
    .option('--status <status>', STATUSES.join(' | '))
    .option('--json', 'machine-readable output')
    .action(async (options: { status?: string; json?: boolean }) => {
      const status = options.status as DeliveryStatus | undefined;
      if (status !== undefined && !STATUSES.includes(status))
        throw new CliError(`--status must be one of ${STATUSES.join(', ')}`);
      await withContext(async ({ db }) => {
        const list = await listDeliveries(db, status === undefined ? {} : { status });
        print(
          options.json === true,
          list,
          list
            .map((d) => `${d.id}\t${d.channel}\t${d.status}\t${d.attempts} attempt(s)\t${d.lastError ?? ''}`)
            .join('\n'),
        );
      });
    });
  deliveries
    .command('retry <id>')
    .description('send a dead delivery again (a running worker picks it up)')
    .action(async (id: string) => {
      await withContext(async ({ db }) => {
        if ((await retryDeadDelivery(db, id, new Date())) === undefined)
          throw new CliError(`delivery ${id} is not in the dead-letter list`);
        process.stdout.write(`delivery ${id} queued again\n`);
      });
    });

  const dead = program
    .command('dead-letters')
    .description('pipeline work set aside after too many attempts (poison), with its last error');
  dead
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const list = await listDeadLetters(db);
        print(
          options.json === true,
          list,
          list.map((d) => `${d.id}\t${d.topic}\t${d.attempts} attempt(s)\t${d.lastError ?? ''}`).join('\n'),
        );
      });
    });
  dead
    .command('redrive <id>')
    .description('put it back in line (a running worker picks it up)')
    .action(async (id: string) => {
      await withContext(async ({ db }) => {
        if ((await redriveDeadLetter(db, id, new Date())) === undefined)
          throw new CliError(`${id} is not in the dead-letter list`);
        process.stdout.write(`${id} queued again\n`);
      });
    });

  program
    .command('progress-link')
    .description(
      'a new private progress page link for an agent (anyone with it can see the page; their earlier link stops working)',
    )
    .requiredOption('--email <address>', "the agent's e-mail address")
    .action(async (options: { email: string }) => {
      await withContext(async ({ db, config }) => {
        const [learnerId, ...others] = await findLearnerIdsByEmail(db, options.email);
        if (learnerId === undefined) throw new CliError(`no agent with e-mail ${options.email}`);
        if (others.length > 0) throw new CliError(`${options.email} is known to several LMS clients; ask their LMS`);
        process.stdout.write(`${config.http.publicUrl}/progress/${await issueProgressToken(db, learnerId)}\n`);
      });
    });
}
