import type { StatusEntry } from '@attain/db';

export type BadgeStatus = 'valid' | 'expired' | 'suspended' | 'revoked';

/** Whether a stored credential holds now, and since when and why not (from this service's records). */
export interface Standing {
  status: BadgeStatus;
  /** When it was revoked or suspended, or when it expired. */
  since?: Date;
  /** The reason the issuer recorded for a revocation or suspension. */
  reason?: string;
}

/** Revocation outranks suspension, which outranks expiry: the strongest fact is the one people see. */
export function standingOf(entries: readonly StatusEntry[], validUntil: Date | null, now: Date): Standing {
  const set = (purpose: StatusEntry['purpose']) => entries.find((e) => e.purpose === purpose && e.isSet);
  const flagged = set('revocation') ?? set('suspension');
  if (flagged !== undefined) {
    return {
      status: flagged.purpose === 'revocation' ? 'revoked' : 'suspended',
      ...(flagged.changedAt === null ? {} : { since: flagged.changedAt }),
      ...(flagged.reason === null || flagged.reason === '' ? {} : { reason: flagged.reason }),
    };
  }
  if (validUntil !== null && validUntil <= now) return { status: 'expired', since: validUntil };
  return { status: 'valid' };
}
