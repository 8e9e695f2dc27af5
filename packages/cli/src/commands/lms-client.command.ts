import {
  createLmsClient,
  listLmsClients,
  rotateLmsClientSecrets,
  setLmsClientDisabled,
  setLmsClientWebhook,
} from '@attain/db';
import { newLmsClientSecrets } from '@attain/runtime';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

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

  client
    .command('list')
    .description('list LMS clients (never their secrets)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const list = (await listLmsClients(db)).map(({ id, name, xapiKey, disabled, createdAt }) => ({
          id,
          name,
          xapiKey,
          disabled,
          createdAt: createdAt.toISOString(),
        }));
        print(
          options.json === true,
          list,
          list.map((c) => `${c.id}\t${c.disabled ? 'disabled' : 'enabled '}\t${c.xapiKey ?? ''}\t${c.name}`).join('\n'),
        );
      });
    });
  for (const [action, disabled, text] of [
    ['disable', true, 'refuse everything it sends from now on'],
    ['enable', false, 'accept what it sends again'],
  ] as const) {
    client
      .command(action)
      .description(`${action} a client: ${text}`)
      .argument('<id>', 'the client id')
      .option('--json', 'machine-readable output')
      .action(async (id: string, options: { json?: boolean }) => {
        await withContext(async ({ db }) => {
          const updated = await setLmsClientDisabled(db, id, disabled);
          if (updated === undefined) throw new CliError(`no LMS client ${id}`);
          print(options.json === true, { id, disabled }, `${updated.name}: ${disabled ? 'disabled' : 'enabled'}`);
        });
      });
  }
  client
    .command('rotate')
    .description('replace all secrets of a client; the old ones stop working at once, the new ones are shown once')
    .argument('<id>', 'the client id')
    .option('--json', 'machine-readable output: {"id", "hmacSecret", "xapiKey", "xapiSecret"}')
    .action(async (id: string, options: { json?: boolean }) => {
      await withContext(async ({ db, keyEncryptionKey }) => {
        const secrets = newLmsClientSecrets(await keyEncryptionKey());
        const updated = await rotateLmsClientSecrets(db, id, secrets.stored);
        if (updated === undefined) throw new CliError(`no LMS client ${id}`);
        const { hmacSecret, xapiKey, xapiSecret } = secrets;
        print(
          options.json === true,
          { id, hmacSecret, xapiKey, xapiSecret },
          `${updated.name}: new secrets (shown once)\n  HMAC secret: ${hmacSecret}\n  xAPI key:    ${xapiKey}\n  xAPI secret: ${xapiSecret}`,
        );
      });
    });
  client
    .command('webhook <client-id>')
    .description("set (--url) or remove (--remove) the LMS client's webhook for issued credentials")
    .option('--url <url>', 'an http(s) URL; each POST is signed with the client’s HMAC secret')
    .option('--remove', 'stop sending webhooks to this client')
    .action(async (clientId: string, options: { url?: string; remove?: boolean }) => {
      if ((options.url === undefined) === (options.remove !== true))
        throw new CliError('give exactly one of --url URL or --remove');
      if (options.url !== undefined && !/^https?:\/\/\S+$/.test(options.url))
        throw new CliError(`--url ${options.url} is not an http(s) URL`);
      await withContext(async ({ db }) => {
        const client = await setLmsClientWebhook(db, clientId, options.url ?? null);
        if (client === undefined) throw new CliError(`no LMS client ${clientId}`);
        process.stdout.write(client.webhookUrl === null ? 'webhook removed\n' : `webhook: ${client.webhookUrl}\n`);
      });
    });
}
