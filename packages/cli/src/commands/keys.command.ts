import { didKeyIdentifiers } from '@attain/credentials';
import { listIssuers, listSigningKeys, rotateSigningKey } from '@attain/db';
import { newSealedSigningKey } from '@attain/runtime';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description("the issuer's Ed25519 signing keys (stored sealed)");
  keys
    .command('list')
    .description('every signing key, the active one marked (never the private keys)')
    .option('--issuer <slug>', 'only this issuer’s keys')
    .option('--json', 'machine-readable output')
    .action(async (options: { issuer?: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const list = (await listSigningKeys(db, options.issuer)).map((k) => ({
          id: k.id,
          issuer: k.issuerId,
          seq: k.seq,
          active: k.active,
          publicKeyMultibase: k.publicKeyMultibase,
          didKey: didKeyIdentifiers(k.publicKeyMultibase).did,
          createdAt: k.createdAt.toISOString(),
        }));
        print(
          options.json === true,
          list,
          list.map((k) => `${k.issuer}\t#key-${k.seq}\t${k.active ? 'active ' : 'retired'}\t${k.didKey}`).join('\n'),
        );
      });
    });
  keys
    .command('rotate')
    .description('make a new key the one that signs; earlier keys stay listed so their credentials keep verifying')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--issuer <slug>', 'the issuer whose key to rotate', 'default')
    .option('--json', 'machine-readable output')
    .action(async (options: { reason?: string; issuer: string; json?: boolean }) => {
      await withContext(async ({ db, keyEncryptionKey }) => {
        if (!(await listIssuers(db)).some((i) => i.id === options.issuer))
          throw new CliError(`no issuer ${options.issuer}`);
        const key = await rotateSigningKey(db, await newSealedSigningKey(await keyEncryptionKey()), {
          now: new Date(),
          actor: 'cli',
          reason: options.reason ?? null,
          issuerId: options.issuer,
        });
        print(
          options.json === true,
          { id: key.id, seq: key.seq, publicKeyMultibase: key.publicKeyMultibase },
          `key #key-${key.seq} signs from now on (running processes pick it up within ISSUER_REFRESH_MS)`,
        );
      });
    });
}
