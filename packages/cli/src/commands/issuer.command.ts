import { assignFrameworkIssuer, createIssuer, IssuerExistsError, listIssuers, updateIssuer } from '@attain/db';
import { loadIssuers } from '@attain/runtime';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

interface ProfileOptions {
  name?: string;
  url?: string;
  email?: string;
  image?: string;
  json?: boolean;
}

function checkProfile(options: ProfileOptions): void {
  for (const field of ['url', 'image'] as const) {
    const value = options[field];
    if (value !== undefined && !/^https?:\/\/\S+$/.test(value)) throw new CliError(`--${field} must be an http(s) URL`);
  }
  if (options.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(options.email))
    throw new CliError(`--email ${options.email} is not an e-mail address`);
  if (options.name?.trim() === '') throw new CliError('--name must not be empty');
}

export function registerIssuerCommands(program: Command): void {
  const issuer = program
    .command('issuer')
    .description('issuers and their Open Badges profiles (the default one is set by ISSUER_* settings)');
  issuer
    .command('list')
    .description('every issuer: profile, DID and the frameworks it signs')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db, config, keyEncryptionKey }) => {
        const registry = await loadIssuers(db, config, await keyEncryptionKey());
        const list = (await listIssuers(db)).map((r) => ({ ...r, did: registry.bySlug(r.id)?.did ?? null }));
        print(
          options.json === true,
          list,
          list
            .map((i) => `${i.id}\t${i.name}\t${i.did ?? ''}\t${i.frameworks.join(',') || '(default for the rest)'}`)
            .join('\n'),
        );
      });
    });
  issuer
    .command('create <slug>')
    .description('add an issuer (lower-case letters, digits and -); it gets its own signing key')
    .requiredOption('--name <name>', 'the name credentials show')
    .option('--url <url>', 'its web site')
    .option('--email <address>', 'a contact address')
    .option('--image <url>', 'its logo')
    .option('--json', 'machine-readable output')
    .action(async (slug: string, options: ProfileOptions & { name: string }) => {
      if (!SLUG.test(slug)) throw new CliError(`issuer name ${slug} must be lower-case letters, digits and -`);
      checkProfile(options);
      await withContext(async ({ db, config, keyEncryptionKey }) => {
        try {
          await createIssuer(
            db,
            {
              id: slug,
              name: options.name,
              url: options.url ?? null,
              email: options.email ?? null,
              image: options.image ?? null,
            },
            { actor: 'cli', at: new Date() },
          );
        } catch (error) {
          if (error instanceof IssuerExistsError) throw new CliError(error.message);
          throw error;
        }
        const created = (await loadIssuers(db, config, await keyEncryptionKey())).bySlug(slug);
        print(options.json === true, { id: slug, did: created?.did }, `issuer ${slug} signs as ${created?.did ?? '?'}`);
      });
    });
  issuer
    .command('update <slug>')
    .description("change an issuer's profile; new credentials carry it (correct issued ones to re-issue them)")
    .option('--name <name>', 'the name credentials show')
    .option('--url <url>', 'its web site')
    .option('--email <address>', 'a contact address')
    .option('--image <url>', 'its logo')
    .option('--json', 'machine-readable output')
    .action(async (slug: string, options: ProfileOptions) => {
      if (slug === 'default')
        throw new CliError('the default issuer is set by ISSUER_NAME, ISSUER_URL, ISSUER_EMAIL and ISSUER_IMAGE_URL');
      checkProfile(options);
      const changes = Object.fromEntries(
        (['name', 'url', 'email', 'image'] as const).flatMap((k) =>
          options[k] === undefined ? [] : [[k, options[k]]],
        ),
      );
      if (Object.keys(changes).length === 0)
        throw new CliError('nothing to change: give --name, --url, --email or --image');
      await withContext(async ({ db }) => {
        if (!(await updateIssuer(db, slug, changes, { actor: 'cli', at: new Date() })))
          throw new CliError(`no issuer ${slug}`);
        print(options.json === true, { id: slug, ...changes }, `issuer ${slug} updated`);
      });
    });
  issuer
    .command('assign <slug>')
    .description("make an issuer sign a framework's new credentials")
    .requiredOption('--framework <id>', "the framework's id, e.g. 41-3031.00")
    .action(async (slug: string, options: { framework: string }) => {
      await withContext(async ({ db }) => {
        const outcome = await assignFrameworkIssuer(db, options.framework, slug, { actor: 'cli', at: new Date() });
        if (outcome === 'no-issuer') throw new CliError(`no issuer ${slug}`);
        if (outcome === 'no-framework') throw new CliError(`no framework ${options.framework} is imported`);
        process.stdout.write(`issuer ${slug} signs new ${options.framework} credentials\n`);
      });
    });
}
