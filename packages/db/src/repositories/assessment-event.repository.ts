import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.js';
import type { Db } from '../connection.js';
import { enqueueOutbox, type OutboxItem } from './outbox.repository.js';

/** One assessment result as accepted from an LMS, already validated and normalised. */
export interface NewAssessmentEvent {
  eventId: string;
  /**
   * `identity` is what a credential is issued to: the e-mail (`emailAddress`) or, for an xAPI
   * learner known only by an account, `homePage|name` (`accountId`).
   */
  learner: {
    lmsUserId: string;
    email: string | null;
    identityType: 'emailAddress' | 'accountId';
    identity: string;
    name: string;
  };
  activityId: string;
  score: { scaled: number | null; raw: number | null; min: number | null; max: number | null };
  passed: boolean | null;
  completion?: boolean | null;
  completedAt: Date;
  source: 'native' | 'xapi';
  payload: unknown;
}

export interface IngestOutcome {
  eventId: string;
  id: string;
  duplicate: boolean;
}

export interface AssessmentEvent {
  id: string;
  lmsClientId: string;
  eventId: string;
  learnerId: string;
  activityId: string;
  scoreScaled: number | null;
  passed: boolean | null;
  completedAt: Date;
  status: 'received' | 'mapped' | 'unmapped' | 'voided';
}

export const MAP_TOPIC = 'event.map';

/**
 * Stores a batch of events and their outbox rows in one transaction: after it commits, nothing
 * accepted can be lost. An event id the client already sent is acknowledged and changes nothing.
 */
export class ReplayedRequestError extends Error {
  constructor() {
    super('this signed request was already accepted; sign each request anew');
    this.name = 'ReplayedRequestError';
  }
}

export async function ingestAssessmentEvents(
  db: Db,
  input: { lmsClientId: string; events: readonly NewAssessmentEvent[]; dispatchAfter: Date; signature?: string },
): Promise<{ outcomes: IngestOutcome[]; work: OutboxItem[] }> {
  return db.transaction().execute(async (trx) => {
    if (input.signature !== undefined) {
      // Committed with the events: a request sent again (same signature) is refused.
      const fresh = await trx
        .insertInto('ingest_signatures')
        .values({ signature: input.signature })
        .onConflict((oc) => oc.doNothing())
        .returning('signature')
        .executeTakeFirst();
      if (fresh === undefined) throw new ReplayedRequestError();
    }
    return ingestAssessmentEventsIn(trx, input);
  });
}

/** Signatures older than the longest timestamp window can never be replayed: drop them. */
export async function forgetIngestSignatures(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('ingest_signatures').where('seen_at', '<', before).execute();
}

/** The same, inside a transaction the caller holds (xAPI stores its statements alongside). */
export async function ingestAssessmentEventsIn(
  trx: Transaction<Database>,
  input: { lmsClientId: string; events: readonly NewAssessmentEvent[]; dispatchAfter: Date },
): Promise<{ outcomes: IngestOutcome[]; work: OutboxItem[] }> {
  const existingIds = async (eventIds: string[]): Promise<Map<string, string>> => {
    if (eventIds.length === 0) return new Map();
    const rows = await trx
      .selectFrom('assessment_events')
      .select(['id', 'event_id'])
      .where('lms_client_id', '=', input.lmsClientId)
      .where('event_id', 'in', eventIds)
      .execute();
    return new Map(rows.map((r) => [r.event_id, r.id]));
  };

  // Within one batch the first copy of an event id wins, as a replay would; a replay changes
  // nothing at all, not even the learner's name or e-mail.
  const unique = new Map<string, NewAssessmentEvent>();
  for (const event of input.events) if (!unique.has(event.eventId)) unique.set(event.eventId, event);
  // Rows are written in key order so that concurrent batches lock them in the same order
  // and cannot deadlock.
  const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const known = await existingIds([...unique.keys()]);
  const fresh = [...unique.values()].filter((e) => !known.has(e.eventId)).sort((a, b) => byKey(a.eventId, b.eventId));

  const insertedIds = new Map<string, string>();
  if (fresh.length > 0) {
    // One learner row per (client, LMS user); the latest e-mail and name win.
    const learners = new Map<string, NewAssessmentEvent['learner']>();
    for (const event of fresh) learners.set(event.learner.lmsUserId, event.learner);
    const learnerRows = await trx
      .insertInto('learners')
      .values(
        [...learners.values()]
          .sort((a, b) => byKey(a.lmsUserId, b.lmsUserId))
          .map((l) => ({
            lms_client_id: input.lmsClientId,
            lms_user_id: l.lmsUserId,
            email: l.email,
            identity_type: l.identityType,
            identity: l.identity,
            name: l.name,
          })),
      )
      .onConflict((oc) =>
        oc.columns(['lms_client_id', 'lms_user_id']).doUpdateSet((eb) => ({
          email: eb.ref('excluded.email'),
          identity_type: eb.ref('excluded.identity_type'),
          identity: eb.ref('excluded.identity'),
          name: eb.ref('excluded.name'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .returning(['id', 'lms_user_id'])
      .execute();
    const learnerIds = new Map(learnerRows.map((r) => [r.lms_user_id, r.id]));
    const inserted = await trx
      .insertInto('assessment_events')
      .values(
        fresh.map((e) => ({
          lms_client_id: input.lmsClientId,
          event_id: e.eventId,
          learner_id: learnerIds.get(e.learner.lmsUserId) as string,
          activity_id: e.activityId,
          score_scaled: e.score.scaled,
          score_raw: e.score.raw,
          score_min: e.score.min,
          score_max: e.score.max,
          passed: e.passed,
          completion: e.completion ?? null,
          completed_at: e.completedAt,
          source: e.source,
          payload: JSON.stringify(e.payload),
        })),
      )
      // A concurrent request with the same event id may have committed in between.
      .onConflict((oc) => oc.columns(['lms_client_id', 'event_id']).doNothing())
      .returning(['id', 'event_id'])
      .execute();
    for (const r of inserted) insertedIds.set(r.event_id, r.id);
    const raced = await existingIds(fresh.map((e) => e.eventId).filter((id) => !insertedIds.has(id)));
    for (const [eventId, id] of raced) known.set(eventId, id);
  }

  const work = await enqueueOutbox(
    trx,
    [...insertedIds.values()].map((id) => ({ topic: MAP_TOPIC, jobKey: id, payload: { eventId: id } })),
    input.dispatchAfter,
  );
  const seen = new Set<string>();
  const outcomes = input.events.map((e) => {
    const fresh = insertedIds.get(e.eventId);
    const duplicate = fresh === undefined || seen.has(e.eventId);
    seen.add(e.eventId);
    return { eventId: e.eventId, id: fresh ?? (known.get(e.eventId) as string), duplicate };
  });
  return { outcomes, work };
}

export async function findAssessmentEvent(
  db: Db | Transaction<Database>,
  id: string,
): Promise<AssessmentEvent | undefined> {
  const row = await db.selectFrom('assessment_events').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    lmsClientId: row.lms_client_id,
    eventId: row.event_id,
    learnerId: row.learner_id,
    activityId: row.activity_id,
    scoreScaled: row.score_scaled,
    passed: row.passed,
    completedAt: row.completed_at,
    status: row.status,
  };
}

export async function countAssessmentEvents(db: Db): Promise<number> {
  const row = await db
    .selectFrom('assessment_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ParkedActivity {
  activityId: string;
  lmsClientId: string;
  events: number;
  oldest: Date;
}

/** Results kept for want of a mapping, by activity: what a mapping would bring in. */
export async function listParkedActivities(db: Db): Promise<ParkedActivity[]> {
  const rows = await db
    .selectFrom('assessment_events')
    .select((eb) => [
      'activity_id',
      'lms_client_id',
      eb.fn.countAll<string>().as('events'),
      eb.fn.min('completed_at').as('oldest'),
    ])
    .where('status', '=', 'unmapped')
    .groupBy(['activity_id', 'lms_client_id'])
    .orderBy('activity_id')
    .execute();
  return rows.map((r) => ({
    activityId: r.activity_id,
    lmsClientId: r.lms_client_id,
    events: Number(r.events),
    oldest: new Date(r.oldest),
  }));
}
