import type { EvidenceItem } from '@attain/attainment';
import type { Db } from '../connection.js';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.js';

type Executor = Db | Transaction<Database>;

export interface EvidenceRow {
  eventId: string;
  frameworkId: string;
  version: string;
  statementCode: string;
  learnerId: string;
  passed: boolean | null;
  scoreScaled: number | null;
  occurredAt: Date;
}

export async function insertEvidence(db: Executor, rows: readonly EvidenceRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('evidence')
    .values(
      rows.map((r) => ({
        event_id: r.eventId,
        framework_id: r.frameworkId,
        version: r.version,
        statement_code: r.statementCode,
        learner_id: r.learnerId,
        passed: r.passed,
        score_scaled: r.scoreScaled,
        occurred_at: r.occurredAt,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function setEventStatus(db: Executor, id: string, status: 'mapped' | 'unmapped'): Promise<void> {
  await db.updateTable('assessment_events').set({ status }).where('id', '=', id).execute();
}

/** The frameworks (and versions) an event is evidence for: the evaluations its mapping calls for. */
export async function findEvidenceFrameworks(
  db: Executor,
  eventId: string,
): Promise<{ frameworkId: string; version: string }[]> {
  const rows = await db
    .selectFrom('evidence')
    .select(['framework_id', 'version'])
    .distinct()
    .where('event_id', '=', eventId)
    .execute();
  return rows.map((r) => ({ frameworkId: r.framework_id, version: r.version }));
}

/** Serialises evaluations of one learner against one framework version. */
export async function lockLearnerEvaluation(
  db: Transaction<Database>,
  learnerId: string,
  frameworkId: string,
  version: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${JSON.stringify(['evaluate', learnerId, frameworkId, version])}))`.execute(
    db,
  );
}

export async function loadLearnerEvidence(
  db: Executor,
  learnerId: string,
  frameworkId: string,
  version: string,
): Promise<EvidenceItem[]> {
  const rows = await db
    .selectFrom('evidence')
    .select(['event_id', 'statement_code', 'passed', 'score_scaled', 'occurred_at'])
    .where('learner_id', '=', learnerId)
    .where('framework_id', '=', frameworkId)
    .where('version', '=', version)
    .orderBy('occurred_at')
    .orderBy('event_id')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    statementCode: r.statement_code,
    passed: r.passed,
    scaled: r.score_scaled,
    occurredAt: r.occurred_at,
  }));
}

export interface NewAttainment {
  id: string;
  learnerId: string;
  frameworkId: string;
  version: string;
  levelKey: string;
  attainedAt: Date;
  recipientSalt: string;
  evidenceEventIds: string[];
  policyVersion: number;
}

/** Inserts attainments not yet recorded; returns the ids of those that are new. */
export async function insertAttainments(db: Executor, attainments: readonly NewAttainment[]): Promise<string[]> {
  if (attainments.length === 0) return [];
  const rows = await db
    .insertInto('attainments')
    .values(
      attainments.map((a) => ({
        id: a.id,
        learner_id: a.learnerId,
        framework_id: a.frameworkId,
        version: a.version,
        level_key: a.levelKey,
        attained_at: a.attainedAt,
        recipient_salt: a.recipientSalt,
        evidence_event_ids: a.evidenceEventIds,
        policy_version: a.policyVersion,
      })),
    )
    // No target: the derived id and (learner, framework version, level) are both unique, and
    // concurrent evaluations collide on either.
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Everything needed to build the credential of one attainment. */
export interface AttainmentForIssue {
  id: string;
  /** Which credential of the attainment is due: 1, then one more per renewal. */
  round: number;
  frameworkId: string;
  version: string;
  levelKey: string;
  attainedAt: Date;
  recipientSalt: string;
  /** The policy version the level was attained under; null for attainments older than versioning. */
  policyVersion: number | null;
  learner: { id: string; identityType: string; identity: string; name: string };
  evidence: { id: string; activityId: string; completedAt: Date; statementCodes: string[] }[];
}

export async function findAttainmentForIssue(
  db: Executor,
  attainmentId: string,
): Promise<AttainmentForIssue | undefined> {
  const row = await db
    .selectFrom('attainments as a')
    .innerJoin('learners as l', 'l.id', 'a.learner_id')
    .select([
      'a.id',
      'a.framework_id',
      'a.version',
      'a.level_key',
      'a.attained_at',
      'a.recipient_salt',
      'a.evidence_event_ids',
      'a.policy_version',
      'a.round',
      'l.id as learner_id',
      'l.identity_type',
      'l.identity',
      'l.name',
    ])
    .where('a.id', '=', attainmentId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const evidence = await findEvidenceOfEvents(db, row.evidence_event_ids, row.framework_id, row.version);
  return {
    id: row.id,
    round: row.round,
    frameworkId: row.framework_id,
    version: row.version,
    levelKey: row.level_key,
    attainedAt: row.attained_at,
    recipientSalt: row.recipient_salt,
    policyVersion: row.policy_version,
    learner: { id: row.learner_id, identityType: row.identity_type, identity: row.identity, name: row.name },
    evidence,
  };
}

/** What each assessment event demonstrated in one framework version, in the order they happened. */
export async function findEvidenceOfEvents(
  db: Executor,
  eventIds: readonly string[],
  frameworkId: string,
  version: string,
): Promise<AttainmentForIssue['evidence']> {
  if (eventIds.length === 0) return [];
  const events = await db
    .selectFrom('assessment_events as e')
    .innerJoin('evidence as v', 'v.event_id', 'e.id')
    .select(['e.id', 'e.activity_id', 'e.completed_at', 'v.statement_code'])
    .where('e.id', 'in', [...eventIds])
    .where('v.framework_id', '=', frameworkId)
    .where('v.version', '=', version)
    .orderBy('e.completed_at')
    .orderBy('e.id')
    .orderBy('v.statement_code')
    .execute();
  const byEvent = new Map<string, AttainmentForIssue['evidence'][number]>();
  for (const e of events) {
    const entry = byEvent.get(e.id) ?? {
      id: e.id,
      activityId: e.activity_id,
      completedAt: e.completed_at,
      statementCodes: [],
    };
    entry.statementCodes.push(e.statement_code);
    byEvent.set(e.id, entry);
  }
  return [...byEvent.values()];
}

/**
 * Records which of a learner's attained levels the evidence still supports: a level no longer
 * supported (its evidence voided) is marked from `now`, one supported again is cleared.
 */
export async function markAttainmentSupport(
  db: Executor,
  input: { learnerId: string; frameworkId: string; version: string; supportedLevels: readonly string[]; now: Date },
): Promise<void> {
  const scope = db
    .updateTable('attainments')
    .where('learner_id', '=', input.learnerId)
    .where('framework_id', '=', input.frameworkId)
    .where('version', '=', input.version);
  const supported = [...input.supportedLevels];
  await (supported.length === 0 ? scope : scope.where('level_key', 'not in', supported))
    .set({ unsupported_since: input.now })
    .where('unsupported_since', 'is', null)
    .execute();
  if (supported.length > 0) {
    await scope
      .set({ unsupported_since: null })
      .where('level_key', 'in', supported)
      .where('unsupported_since', 'is not', null)
      .execute();
  }
}

export interface UnsupportedAttainment {
  attainmentId: string;
  credentialId: string | null;
  learnerId: string;
  lmsUserId: string;
  frameworkId: string;
  version: string;
  level: string;
  unsupportedSince: Date;
}

export async function listUnsupportedAttainments(db: Executor): Promise<UnsupportedAttainment[]> {
  const rows = await db
    .selectFrom('attainments as a')
    .innerJoin('learners as l', 'l.id', 'a.learner_id')
    .leftJoin('credentials as c', 'c.attainment_id', 'a.id')
    .select([
      'a.id',
      'c.id as credential_id',
      'a.learner_id',
      'l.lms_user_id',
      'a.framework_id',
      'a.version',
      'a.level_key',
      'a.unsupported_since',
    ])
    .where('a.unsupported_since', 'is not', null)
    .orderBy('a.unsupported_since')
    .execute();
  return rows.map((r) => ({
    attainmentId: r.id,
    credentialId: r.credential_id,
    learnerId: r.learner_id,
    lmsUserId: r.lms_user_id,
    frameworkId: r.framework_id,
    version: r.version,
    level: r.level_key,
    unsupportedSince: r.unsupported_since as Date,
  }));
}

/**
 * Serialises issuing for one attainment until the transaction ends; false if it has no row.
 * Concurrent issuers then see each other's credential instead of racing for status bits.
 */
export async function lockAttainment(trx: Transaction<Database>, attainmentId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('attainments')
    .select('id')
    .where('id', '=', attainmentId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** An attainment whose newest credential has expired: a candidate for renewal. */
export interface ExpiredRound {
  attainmentId: string;
  round: number;
  /** When the credential expired: a renewal needs evidence dated after it. */
  validUntil: Date;
}

export async function findExpiredRounds(
  db: Executor,
  attainmentIds: readonly string[],
  now: Date,
): Promise<ExpiredRound[]> {
  if (attainmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('attainments as a')
    .innerJoin('credentials as c', (join) =>
      join.onRef('c.attainment_id', '=', 'a.id').onRef('c.round', '=', 'a.round'),
    )
    .select(['a.id', 'a.round', 'c.valid_until'])
    .where('a.id', 'in', attainmentIds)
    .where('c.valid_until', 'is not', null)
    .where('c.valid_until', '<=', now)
    // A revoked credential is not renewed by new results: that is the issuer's decision to make.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('status_entries as s')
            .select('s.idx')
            .where('s.purpose', '=', 'revocation')
            .where('s.is_set', '=', true)
            .whereRef('s.credential_id', '=', sql<string>`'urn:uuid:' || c.id::text`),
        ),
      ),
    )
    .execute();
  return rows.map((r) => ({ attainmentId: r.id, round: r.round, validUntil: new Date(r.valid_until ?? 0) }));
}

/**
 * Starts the next round of an attainment with the evidence that re-attained it. Compare-and-set on
 * the round, so two evaluations racing renew once.
 */
export async function renewAttainment(
  db: Executor,
  renewal: {
    id: string;
    fromRound: number;
    attainedAt: Date;
    recipientSalt: string;
    evidenceEventIds: string[];
    policyVersion: number;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('attainments')
    .set({
      round: renewal.fromRound + 1,
      attained_at: renewal.attainedAt,
      recipient_salt: renewal.recipientSalt,
      evidence_event_ids: renewal.evidenceEventIds,
      policy_version: renewal.policyVersion,
    })
    .where('id', '=', renewal.id)
    .where('round', '=', renewal.fromRound)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
