import {
  appendAudit,
  enqueueOutbox,
  findCredential,
  lockStatusEntries,
  setStatusBit,
  type Db,
  type OutboxItem,
  type StatusEntry,
} from '@attain/db';
import { work } from '@attain/queue';

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';
export type CredentialState = 'active' | 'revoked' | 'suspended';

/** Why a status change was refused; `code` is what the API and CLI report. */
export class StatusChangeError extends Error {
  constructor(
    readonly code:
      | 'credential-not-found'
      | 'no-status-entry'
      | 'already-revoked'
      | 'suspension-not-enabled'
      | 'not-suspended'
      | 'reason-required',
    message: string,
  ) {
    super(message);
    this.name = 'StatusChangeError';
  }
}

export interface StatusChange {
  credentialId: string;
  action: StatusAction;
  state: CredentialState;
  /** False when the credential was already in the asked-for state (nothing was written). */
  changed: boolean;
  /** Status-list work committed with the change: the caller dispatches it (the relay would anyway). */
  work: OutboxItem[];
}

/** The credential's id as its entries know it: stored credentials are `urn:uuid:<uuid>`. */
export function statusCredentialId(id: string): string {
  const trimmed = id.trim();
  const uuid = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(trimmed)?.[1];
  return uuid === undefined ? trimmed : `urn:uuid:${uuid.toLowerCase()}`;
}

export function stateOf(entries: readonly StatusEntry[]): CredentialState {
  if (entries.some((e) => e.purpose === 'revocation' && e.isSet)) return 'revoked';
  if (entries.some((e) => e.purpose === 'suspension' && e.isSet)) return 'suspended';
  return 'active';
}

/**
 * Revokes (final), suspends or reinstates a credential: flips its bit, bumps the list's version,
 * queues the list for re-signing and appends the audit event, all in one transaction.
 */
export async function changeCredentialStatus(
  db: Db,
  args: {
    credentialId: string;
    action: StatusAction;
    reason: string;
    actor: string;
    at: Date;
    /** When the relay may re-drive the re-signing if no worker did it: 0 when nobody dispatches. */
    redriveAfterMs: number;
  },
): Promise<StatusChange> {
  const reason = args.reason.trim();
  if (reason === '') throw new StatusChangeError('reason-required', 'A reason is required for every status change.');
  const credentialId = statusCredentialId(args.credentialId);
  return db.transaction().execute(async (trx) => {
    const entries = await lockStatusEntries(trx, credentialId);
    if (entries.length === 0) {
      const stored = await findCredential(trx, credentialId.replace(/^urn:uuid:/, ''));
      if (stored !== undefined)
        throw new StatusChangeError(
          'no-status-entry',
          `Credential ${credentialId} was issued before status lists; correct it (attain credential correct) to give it a status entry, then revoke it.`,
        );
      throw new StatusChangeError('credential-not-found', `No credential ${credentialId} exists.`);
    }
    const state = stateOf(entries);
    const revocation = entries.find((e) => e.purpose === 'revocation');
    const suspension = entries.find((e) => e.purpose === 'suspension');
    // Revoking again changes nothing (a retried request); anything else on a revoked one is refused.
    if (state === 'revoked' && args.action === 'revoke')
      return { credentialId, action: args.action, state, changed: false, work: [] };
    if (state === 'revoked')
      throw new StatusChangeError('already-revoked', `Credential ${credentialId} is revoked; revocation is final.`);
    let target: { entry: StatusEntry; isSet: boolean };
    switch (args.action) {
      case 'revoke':
        if (revocation === undefined)
          throw new StatusChangeError('credential-not-found', `Credential ${credentialId} has no revocation entry.`);
        target = { entry: revocation, isSet: true };
        break;
      case 'suspend':
        if (suspension === undefined)
          throw new StatusChangeError(
            'suspension-not-enabled',
            `Credential ${credentialId} was issued without a suspension entry (STATUS_SUSPENSION was off); it can only be revoked.`,
          );
        if (state === 'suspended') return { credentialId, action: args.action, state, changed: false, work: [] };
        target = { entry: suspension, isSet: true };
        break;
      case 'reinstate':
        if (suspension === undefined || state !== 'suspended')
          throw new StatusChangeError('not-suspended', `Credential ${credentialId} is not suspended.`);
        target = { entry: suspension, isSet: false };
        break;
    }
    await setStatusBit(trx, target.entry, { isSet: target.isSet, reason, at: args.at });
    const publish = await enqueueOutbox(
      trx,
      [work('status.publish', { listId: target.entry.listId })],
      new Date(args.at.getTime() + args.redriveAfterMs),
    );
    const next: CredentialState =
      args.action === 'revoke' ? 'revoked' : args.action === 'suspend' ? 'suspended' : 'active';
    await appendAudit(trx, {
      at: args.at,
      actor: args.actor,
      action: `credential.${args.action === 'revoke' ? 'revoked' : args.action === 'suspend' ? 'suspended' : 'reinstated'}`,
      // Stored credentials are audited by their uuid, as when they were issued.
      subject: credentialId.replace(/^urn:uuid:/, ''),
      reason,
      data: { statusList: target.entry.listId, statusListIndex: target.entry.index, from: state, to: next },
    });
    return { credentialId, action: args.action, state: next, changed: true, work: publish };
  });
}
