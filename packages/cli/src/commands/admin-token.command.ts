import { createAdminToken, listAdminTokens, revokeAdminToken } from '@attain/db';
import { newAdminToken } from '@attain/runtime';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

export function registerAdminTokenCommands(program: Command): void {
  const token = program.command('admin-token').description('tokens for the admin API (Authorization: Bearer …)');
  token
    .command('create')
    .description('create an admin token; it is shown once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what holds it, e.g. "ops laptop"')
    .option('--json', 'machine-readable output: {"id", "name", "token"}')
    .action(async (options: { name: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const made = newAdminToken();
        const created = await createAdminToken(db, { name: options.name, tokenHash: made.tokenHash });
        print(
          options.json === true,
          { id: created.id, name: created.name, token: made.token },
          `admin token ${created.name} (${created.id}):\n  ${made.token}\n(shown once)`,
        );
      });
    });
  token
    .command('list')
    .description('list admin tokens (never the tokens themselves)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const list = (await listAdminTokens(db)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString() }));
        print(
          options.json === true,
          list,
          list.map((t) => `${t.id}\t${t.revoked ? 'revoked' : 'active '}\t${t.name}`).join('\n'),
        );
      });
    });
  token
    .command('revoke')
    .description('revoke an admin token')
    .argument('<id>', 'the token id')
    .action(async (id: string) => {
      await withContext(async ({ db }) => {
        if (!/^[0-9a-f-]{36}$/i.test(id) || !(await revokeAdminToken(db, id)))
          throw new CliError(`no active admin token ${id}`);
        print(false, null, `revoked ${id}`);
      });
    });
}
