import { createLmsClient } from '@attain/db';
import { newLmsClientSecrets } from '@attain/runtime';
import type { Command } from 'commander';
import { print, withContext } from '../cli-context.js';

export function registerLmsClientCommands(program: Command): void {
  const client = program.command('lms-client').description('LMS clients that post assessment results');
  client
    .command('create')
    .description('create a client; its secrets are shown once and stored only sealed or hashed')
    .requiredOption('--name <name>', 'a name people recognise, e.g. "Moodle production"')
    .option('--json', 'machine-readable output: {"id", "name", "hmacSecret", "xapiKey", "xapiSecret"}')
    .action(async (options: { name: string; json?: boolean }) => {
      await withContext(async ({ db, config, keyEncryptionKey }) => {
        const secrets = newLmsClientSecrets(await keyEncryptionKey());
        const created = await createLmsClient(db, { name: options.name, ...secrets.stored });
        const { hmacSecret, xapiKey, xapiSecret } = secrets;
        print(
          options.json === true,
          { id: created.id, name: created.name, hmacSecret, xapiKey, xapiSecret },
          [
            `LMS client ${created.name}`,
            `  id:            ${created.id}`,
            `  HMAC secret:   ${hmacSecret}   (native webhook, POST /v1/assessment-results)`,
            `  xAPI endpoint: ${config.http.publicUrl}/xapi/`,
            `  xAPI key:      ${xapiKey}`,
            `  xAPI secret:   ${xapiSecret}`,
            '(shown once: store them in the LMS now)',
          ].join('\n'),
        );
      });
    });
}
