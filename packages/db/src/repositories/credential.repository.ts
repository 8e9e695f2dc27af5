import { sql, type Transaction } from 'kysely';
import type { Db } from '../connection.js';
import type { Database } from '../database.js';
import { isUuid } from '../uuid.js';

type Executor = Db | Transaction<Database>;

export interface StoredCredential {
  id: string;
  attainmentId: string;
  /** 1 for the first credential of an attainment, then one more per renewal. */
  round: number;
  /** 1 as issued, then one more per correction. */
  version: number;
  learnerId: string;
  issuerDid: string;
  verificationMethod: string;
  document: Record<string, unknown>;
  validFrom: Date;
  validUntil: Date | null;
  issuedAt: Date;
}

export interface CredentialSummary {
  id: string;
  frameworkId: string;
  version: string;
  level: string;
  learnerId: string;
  lmsUserId: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
}

/** Stores a signed credential once; a second insert for the same attainment is a no-op. */
export async function insertCredential(
  db: Executor,
  credential: Omit<StoredCredential, 'issuedAt' | 'version'>,
): Promise<boolean> {
  const row = await db
    .insertInto('credentials')
    .values({
      id: credential.id,
      attainment_id: credential.attainmentId,
      round: credential.round,
      learner_id: credential.learnerId,
      issuer_did: credential.issuerDid,
      verification_method: credential.verificationMethod,
      document: JSON.stringify(credential.document),
      valid_from: credential.validFrom,
      valid_until: credential.validUntil,
    })
    // No target: the id and the attainment are both unique, and racing issuers collide on either.
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findCredential(db: Executor, id: string): Promise<StoredCredential | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    attainmentId: row.attainment_id,
    round: row.round,
    version: row.version,
    learnerId: row.learner_id,
    issuerDid: row.issuer_did,
    verificationMethod: row.verification_method,
    document: row.document,
    validFrom: row.valid_from,
    validUntil: row.valid_until === null ? null : new Date(row.valid_until),
    issuedAt: row.issued_at,
  };
}

/** Has this round of the attainment (1 unless it was renewed) got its credential? */
export async function credentialExistsForAttainment(db: Executor, attainmentId: string, round = 1): Promise<boolean> {
  const row = await db
    .selectFrom('credentials')
    .select('id')
    .where('attainment_id', '=', attainmentId)
    .where('round', '=', round)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listCredentials(
  db: Executor,
  filter: { email?: string; learnerIds?: string[]; limit?: number } = {},
): Promise<CredentialSummary[]> {
  let query = db
    .selectFrom('credentials as c')
    .innerJoin('attainments as a', 'a.id', 'c.attainment_id')
    .innerJoin('learners as l', 'l.id', 'c.learner_id')
    .select([
      'c.id',
      'a.framework_id',
      'a.version',
      'a.level_key',
      'c.learner_id',
      'l.lms_user_id',
      'c.issued_at',
      'c.valid_from',
      'c.valid_until',
    ])
    .orderBy('c.issued_at')
    .orderBy('c.id')
    .limit(filter.limit ?? 1000);
  if (filter.email !== undefined) query = query.where('l.email', '=', filter.email.trim().toLowerCase());
  if (filter.learnerIds !== undefined) {
    if (filter.learnerIds.length === 0) return [];
    query = query.where('c.learner_id', 'in', filter.learnerIds);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    frameworkId: r.framework_id,
    version: r.version,
    level: r.level_key,
    learnerId: r.learner_id,
    lmsUserId: r.lms_user_id,
    issuedAt: r.issued_at,
    validFrom: r.valid_from,
    validUntil: r.valid_until === null ? null : new Date(r.valid_until),
  }));
}

export async function countCredentials(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('credentials')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A credential signed through the VC-API, kept by the handle it was issued under. */
export async function insertVcApiCredential(
  db: Executor,
  row: { credentialId: string; issuerDid: string; document: Record<string, unknown>; issuedBy: string },
): Promise<void> {
  await db
    .insertInto('vc_api_credentials')
    .values({
      credential_id: row.credentialId,
      issuer_did: row.issuerDid,
      document: JSON.stringify(row.document),
      issued_by: row.issuedBy,
    })
    .execute();
}

export async function vcApiCredentialExists(db: Executor, credentialId: string): Promise<boolean> {
  const row = await db
    .selectFrom('vc_api_credentials')
    .select('credential_id')
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Locks a stored credential for a correction in this transaction. */
export async function lockCredential(trx: Transaction<Database>, id: string): Promise<StoredCredential | undefined> {
  if (!isUuid(id)) return undefined;
  await trx.selectFrom('credentials').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return findCredential(trx, id);
}

export interface CredentialVersion {
  version: number;
  document: Record<string, unknown>;
  validFrom: Date;
  validUntil: Date | null;
  supersededAt: Date | null;
  reason: string | null;
}

/**
 * Replaces a credential's document with its corrected version (same id, newer validFrom) and keeps
 * the one it replaces in credential_versions.
 */
export async function saveCorrection(
  trx: Transaction<Database>,
  previous: StoredCredential,
  next: { document: Record<string, unknown>; validFrom: Date; verificationMethod: string; reason: string; at: Date },
): Promise<number> {
  await trx
    .insertInto('credential_versions')
    .values({
      credential_id: previous.id,
      version: previous.version,
      document: JSON.stringify(previous.document),
      valid_from: previous.validFrom,
      valid_until: previous.validUntil,
      superseded_at: next.at,
      reason: next.reason,
    })
    .execute();
  const row = await trx
    .updateTable('credentials')
    .set({
      document: JSON.stringify(next.document),
      valid_from: next.validFrom,
      verification_method: next.verificationMethod,
      version: previous.version + 1,
    })
    .where('id', '=', previous.id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Every version of a credential, oldest first; the last is the current one (supersededAt null). */
export async function listCredentialVersions(db: Executor, id: string): Promise<CredentialVersion[]> {
  const current = await findCredential(db, id);
  if (current === undefined) return [];
  const earlier = await db
    .selectFrom('credential_versions')
    .selectAll()
    .where('credential_id', '=', id)
    .orderBy('version')
    .execute();
  return [
    ...earlier.map((r) => ({
      version: r.version,
      document: r.document,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      supersededAt: r.superseded_at,
      reason: r.reason,
    })),
    {
      version: current.version,
      document: current.document,
      validFrom: current.validFrom,
      validUntil: current.validUntil,
      supersededAt: null,
      reason: null,
    },
  ];
}

/** A stored credential with what its badge page shows besides the document. */
export interface BadgeRecord {
  credential: StoredCredential;
  frameworkId: string;
  version: string;
  frameworkTitle: string;
  levelKey: string;
  levelLabel: string;
  learnerName: string;
  /** Private: for notifications only, never shown on a page. */
  learnerEmail: string | null;
  lmsUserId: string;
}

export async function findBadge(db: Executor, id: string): Promise<BadgeRecord | undefined> {
  const credential = await findCredential(db, id);
  if (credential === undefined) return undefined;
  const row = await db
    .selectFrom('attainments as a')
    .innerJoin('learners as l', 'l.id', 'a.learner_id')
    .innerJoin('frameworks as f', (join) =>
      join.onRef('f.framework_id', '=', 'a.framework_id').onRef('f.version', '=', 'a.version'),
    )
    .select([
      'a.framework_id',
      'a.version',
      'a.level_key',
      'f.title',
      'l.name',
      'l.email',
      'l.identity_type',
      'l.lms_user_id',
    ])
    .where('a.id', '=', credential.attainmentId)
    .executeTakeFirstOrThrow();
  const achievement = (credential.document.credentialSubject as { achievement?: { name?: unknown } } | undefined)
    ?.achievement;
  return {
    credential,
    frameworkId: row.framework_id,
    version: row.version,
    frameworkTitle: row.title,
    levelKey: row.level_key,
    // The achievement is named '<level label> — <framework title>'.
    levelLabel:
      typeof achievement?.name === 'string' ? (achievement.name.split(' — ')[0] ?? row.level_key) : row.level_key,
    learnerName: row.name,
    learnerEmail: row.identity_type === 'emailAddress' ? row.email : null,
    lmsUserId: row.lms_user_id,
  };
}

/** Who a stored credential was issued to and its level label, read without its document (one light query). */
export interface BadgeHolder {
  credentialId: string;
  learnerName: string;
  levelLabel: string;
}

export async function findBadgeHolder(db: Executor, id: string): Promise<BadgeHolder | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('credentials as c')
    .innerJoin('attainments as a', 'a.id', 'c.attainment_id')
    .innerJoin('learners as l', 'l.id', 'a.learner_id')
    .select([
      'c.id',
      'l.name',
      'a.level_key',
      sql<string | null>`c.document -> 'credentialSubject' -> 'achievement' ->> 'name'`.as('achievement_name'),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    credentialId: row.id,
    learnerName: row.name,
    // The achievement is named '<level label> — <framework title>', as findBadge reads it.
    levelLabel: row.achievement_name?.split(' — ')[0] ?? row.level_key,
  };
}
