import type { Db } from '../connection.js';
import { appendAudit } from './audit.repository.js';

export interface StoredSigningKey {
  id: string;
  /** The issuer this key signs for ('default' unless the deployment has several). */
  issuerId: string;
  seq: number;
  publicKeyMultibase: string;
  /** Sealed with the key-encryption key; never logged, never sent anywhere. */
  secretKeySealed: string;
  active: boolean;
  createdAt: Date;
}

function toKey(row: {
  id: string;
  seq: number;
  public_key_multibase: string;
  secret_key_sealed: string;
  active: boolean;
  created_at: Date;
  issuer_id: string;
}): StoredSigningKey {
  return {
    id: row.id,
    issuerId: row.issuer_id,
    seq: row.seq,
    publicKeyMultibase: row.public_key_multibase,
    secretKeySealed: row.secret_key_sealed,
    active: row.active,
    createdAt: row.created_at,
  };
}

export async function findActiveSigningKey(db: Db, issuerId = 'default'): Promise<StoredSigningKey | undefined> {
  const row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row === undefined ? undefined : toKey(row);
}

/**
 * Stores `candidate` as the active key unless another process got there first; either way
 * returns the key that is active now, so concurrent first starts agree on one key.
 */
export async function ensureActiveSigningKey(
  db: Db,
  candidate: { publicKeyMultibase: string; secretKeySealed: string },
  now: Date,
  issuerId = 'default',
): Promise<StoredSigningKey> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('signing_keys')
      .values({
        public_key_multibase: candidate.publicKeyMultibase,
        secret_key_sealed: candidate.secretKeySealed,
        active: true,
        issuer_id: issuerId,
      })
      .onConflict((oc) => oc.column('issuer_id').where('active', '=', true).doNothing())
      .returning(['id', 'seq'])
      .executeTakeFirst();
    if (inserted !== undefined) {
      await appendAudit(trx, {
        at: now,
        actor: 'system',
        action: 'signing_key.created',
        subject: inserted.id,
        data: { issuer: issuerId, seq: inserted.seq, publicKeyMultibase: candidate.publicKeyMultibase },
      });
    }
  });
  const active = await findActiveSigningKey(db, issuerId);
  if (active === undefined) throw new Error('no active signing key after insert');
  return active;
}

/** Every key, oldest first; of one issuer when `issuerId` is given. */
export async function listSigningKeys(db: Db, issuerId?: string): Promise<StoredSigningKey[]> {
  let query = db.selectFrom('signing_keys').selectAll().orderBy('seq');
  if (issuerId !== undefined) query = query.where('issuer_id', '=', issuerId);
  const rows = await query.execute();
  return rows.map(toKey);
}

/**
 * Makes `candidate` the key that signs from now on. The previous key stays stored (inactive):
 * credentials it signed keep verifying, and did:web documents keep listing it.
 */
export async function rotateSigningKey(
  db: Db,
  candidate: { publicKeyMultibase: string; secretKeySealed: string },
  input: { now: Date; actor: string; reason: string | null; issuerId?: string },
): Promise<StoredSigningKey> {
  const issuerId = input.issuerId ?? 'default';
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .updateTable('signing_keys')
      .set({ active: false })
      .where('issuer_id', '=', issuerId)
      .where('active', '=', true)
      .returning(['id', 'seq'])
      .executeTakeFirst();
    const row = await trx
      .insertInto('signing_keys')
      .values({
        public_key_multibase: candidate.publicKeyMultibase,
        secret_key_sealed: candidate.secretKeySealed,
        active: true,
        issuer_id: issuerId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: input.now,
      actor: input.actor,
      action: 'signing_key.rotated',
      subject: row.id,
      reason: input.reason,
      data: {
        issuer: issuerId,
        seq: row.seq,
        publicKeyMultibase: row.public_key_multibase,
        previous: previous?.id ?? null,
      },
    });
    return toKey(row);
  });
}
