import { findStatusEntries, listCredentials, listCredentialVersions } from '@attain/db';
import { correctCredential } from '@attain/pipeline';
import { changeCredentialStatus, loadIssuers, stateOf, statusCredentialId, type StatusAction } from '@attain/runtime';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

const ACTIONS: Record<StatusAction, string> = {
  revoke: 'revoke a credential for good (its status list bit is set; verification fails from then on)',
  suspend: 'suspend a credential until it is reinstated (needs STATUS_SUSPENSION=true when it was issued)',
  reinstate: 'lift a suspension',
};

export function registerCredentialCommands(program: Command): void {
  const credentials = program
    .command('credentials')
    .alias('credential')
    .description('issued credentials: list, status, revoke, suspend, reinstate');
  for (const [action, description] of Object.entries(ACTIONS) as [StatusAction, string][]) {
    credentials
      .command(`${action} <id>`)
      .description(description)
      .requiredOption('--reason <text>', 'why, for the audit trail (required)')
      .option('--json', 'machine-readable output')
      .action(async (id: string, options: { reason: string; json?: boolean }) => {
        if (options.reason.trim() === '') throw new CliError('--reason must not be empty');
        await withContext(async ({ db }) => {
          // No Redis here: the outbox row is due at once, so any running worker's relay re-signs the list.
          const change = await changeCredentialStatus(db, {
            credentialId: id,
            action,
            reason: options.reason,
            actor: 'cli',
            at: new Date(),
            redriveAfterMs: 0,
          });
          print(
            options.json === true,
            { credentialId: change.credentialId, status: change.state, changed: change.changed },
            change.changed
              ? `${change.credentialId} is now ${change.state}`
              : `${change.credentialId} was already ${change.state}`,
          );
        });
      });
  }
  credentials
    .command('correct <id>')
    .description(
      're-issue a credential from current data, e.g. after an issuer profile change (same id, newer validFrom, original awardedDate); the old version is kept',
    )
    .requiredOption('--reason <text>', 'why, for the audit trail (required)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { reason: string; json?: boolean }) => {
      if (options.reason.trim() === '') throw new CliError('--reason must not be empty');
      await withContext(async ({ db, config, keyEncryptionKey }) => {
        const issuers = await loadIssuers(db, config, await keyEncryptionKey());
        const correction = await correctCredential(
          {
            db,
            issuers,
            publicUrl: config.http.publicUrl,
            status: { listLength: config.status.listLength, suspension: config.status.suspension },
          },
          { credentialId: id, reason: options.reason, actor: 'cli', at: new Date() },
        );
        print(
          options.json === true,
          { credentialId: correction.credentialId, version: correction.version },
          `${correction.credentialId} is now at version ${correction.version}`,
        );
      });
    });
  credentials
    .command('versions <id>')
    .description('every version of a credential, oldest first, with why each was replaced')
    .option('--json', 'machine-readable output (with each signed document)')
    .action(async (id: string, options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        const versions = await listCredentialVersions(db, id.trim().replace(/^urn:uuid:/, ''));
        if (versions.length === 0) throw new CliError(`no credential ${id}`);
        print(
          options.json === true,
          versions,
          versions
            .map(
              (v) =>
                `v${v.version}\tvalidFrom ${v.validFrom.toISOString()}\t${v.supersededAt === null ? 'current' : `replaced ${v.supersededAt.toISOString()}: ${v.reason ?? ''}`}`,
            )
            .join('\n'),
        );
      });
    });
  credentials
    .command('status <id>')
    .description("a credential's status entries and whether it is active, suspended or revoked")
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }) => {
      await withContext(async ({ db, config }) => {
        const credentialId = statusCredentialId(id);
        const entries = await findStatusEntries(db, credentialId);
        if (entries.length === 0) throw new CliError(`no credential ${credentialId} with a status entry`);
        const value = {
          credentialId,
          status: stateOf(entries),
          entries: entries.map((e) => ({
            purpose: e.purpose,
            statusListCredential: `${config.http.publicUrl}/status-lists/${e.listId}`,
            statusListIndex: String(e.index),
            set: e.isSet,
            reason: e.reason,
          })),
        };
        print(
          options.json === true,
          value,
          [
            `${credentialId}	${value.status}`,
            ...value.entries.map(
              (e) => `  ${e.purpose}	${e.set ? 'set' : 'clear'}	${e.statusListCredential}#${e.statusListIndex}`,
            ),
          ].join('\n'),
        );
      });
    });
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
