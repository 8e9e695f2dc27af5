import { randomBytes } from 'node:crypto';
import { createLmsClient } from '@attain/db';
import { sealSecret } from '@attain/runtime';
import type { Command } from 'commander';
import { print, withContext } from '../cli-context.js';

export function registerLmsClientCommands(program: Command): void {
  const client = program.command('lms-client').description('LMS clients that post assessment results');
  client
    .command('create')
    .description('create a client; its HMAC secret is shown once and stored only sealed')
    .requiredOption('--name <name>', 'a name people recognise, e.g. "Moodle production"')
    .option('--json', 'machine-readable output: {"id", "hmacSecret"}')
    .action(async (options: { name: string; json?: boolean }) => {
      await withContext(async ({ db, keyEncryptionKey }) => {
        const kek = await keyEncryptionKey();
        const hmacSecret = randomBytes(32).toString('base64url');
        const created = await createLmsClient(db, {
          name: options.name,
          hmacSecretSealed: sealSecret(hmacSecret, kek),
        });
        print(
          options.json === true,
          { id: created.id, name: created.name, hmacSecret },
          `LMS client ${created.name}\n  id:          ${created.id}\n  HMAC secret: ${hmacSecret}\n(shown once: store it in the LMS now)`,
        );
      });
    });
}
