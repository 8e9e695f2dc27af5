import type { Db } from '../connection.js';
import { appendAudit } from './audit.repository.js';

export interface StoredSigningKey {
  id: string;
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
}): StoredSigningKey {
  return {
    id: row.id,
    seq: row.seq,
    publicKeyMultibase: row.public_key_multibase,
    secretKeySealed: row.secret_key_sealed,
    active: row.active,
    createdAt: row.created_at,
  };
}

export async function findActiveSigningKey(db: Db): Promise<StoredSigningKey | undefined> {
  const row = await db.selectFrom('signing_keys').selectAll().where('active', '=', true).executeTakeFirst();
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
): Promise<StoredSigningKey> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('signing_keys')
      .values({
        public_key_multibase: candidate.publicKeyMultibase,
        secret_key_sealed: candidate.secretKeySealed,
        active: true,
      })
      .onConflict((oc) => oc.column('active').where('active', '=', true).doNothing())
      .returning(['id', 'seq'])
      .executeTakeFirst();
    if (inserted !== undefined) {
      await appendAudit(trx, {
        at: now,
        actor: 'system',
        action: 'signing_key.created',
        subject: inserted.id,
        data: { seq: inserted.seq, publicKeyMultibase: candidate.publicKeyMultibase },
      });
    }
  });
  const active = await findActiveSigningKey(db);
  if (active === undefined) throw new Error('no active signing key after insert');
  return active;
}

export async function listSigningKeys(db: Db): Promise<StoredSigningKey[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().orderBy('seq').execute();
  return rows.map(toKey);
}

/**
 * Makes `candidate` the key that signs from now on. The previous key stays stored (inactive):
 * credentials it signed keep verifying, and did:web documents keep listing it.
 */
export async function rotateSigningKey(
  db: Db,
  candidate: { publicKeyMultibase: string; secretKeySealed: string },
  input: { now: Date; actor: string; reason: string | null },
): Promise<StoredSigningKey> {
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .updateTable('signing_keys')
      .set({ active: false })
      .where('active', '=', true)
      .returning(['id', 'seq'])
      .executeTakeFirst();
    const row = await trx
      .insertInto('signing_keys')
      .values({
        public_key_multibase: candidate.publicKeyMultibase,
        secret_key_sealed: candidate.secretKeySealed,
        active: true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: input.now,
      actor: input.actor,
      action: 'signing_key.rotated',
      subject: row.id,
      reason: input.reason,
      data: { seq: row.seq, publicKeyMultibase: row.public_key_multibase, previous: previous?.id ?? null },
    });
    return toKey(row);
  });
}
