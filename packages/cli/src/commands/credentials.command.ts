import { listCredentials } from '@attain/db';
import type { Command } from 'commander';
import { print, withContext } from '../cli-context.js';

export function registerCredentialCommands(program: Command): void {
  const credentials = program.command('credentials').description('issued credentials');
  credentials
    .command('list')
    .description('list issued credentials')
    .option('--email <email>', "only this agent's credentials")
    .option('--json', 'machine-readable output: [{"id", "url", "level", …}]')
    .action(async (options: { email?: string; json?: boolean }) => {
      await withContext(async ({ db, config }) => {
        const list = await listCredentials(db, options.email === undefined ? {} : { email: options.email });
        const rows = list.map((c) => ({
          id: c.id,
          url: `${config.http.publicUrl}/credentials/${c.id}`,
          level: c.level,
          framework: c.frameworkId,
          version: c.version,
          learner: c.lmsUserId,
          issuedAt: c.issuedAt.toISOString(),
        }));
        print(
          options.json === true,
          rows,
          rows.map((r) => `${r.url}\t${r.level}\t${r.framework} ${r.version}\t${r.learner}`).join('\n'),
        );
      });
    });
}
