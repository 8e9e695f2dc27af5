import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.js';
import type { Db } from '../connection.js';
import { enqueueOutbox, type MapEventWork, type OutboxItem } from './outbox.repository.js';

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

/** One signed ingest request of one LMS client. */
export interface IngestRequest {
  lmsClientId: string;
  events: readonly NewAssessmentEvent[];
  /** Stored with the events: the same signed request sent again is refused. */
  signature?: string;
}

export type IngestResult = { outcomes: IngestOutcome[]; work: OutboxItem[] } | { replayed: ReplayedRequestError };

export async function ingestAssessmentEvents(
  db: Db,
  input: IngestRequest & { dispatchAfter: Date; mapWork: MapEventWork },
): Promise<{ outcomes: IngestOutcome[]; work: OutboxItem[] }> {
  const [result] = await ingestRequests(db, [input], input.dispatchAfter, input.mapWork);
  if (result === undefined) throw new Error('ingest returned no result');
  if ('replayed' in result) throw result.replayed;
  return result;
}

/**
 * Group commit: the requests of several clients in one transaction, so that a busy API pays one
 * round of statements and one WAL flush for many requests. Each request gets its own result; a
 * replayed one is refused without affecting the others. All or nothing: if the transaction fails,
 * no request of the group was stored.
 */
export async function ingestRequests(
  db: Db,
  requests: readonly IngestRequest[],
  dispatchAfter: Date,
  mapWork: MapEventWork,
): Promise<IngestResult[]> {
  return db.transaction().execute(async (trx) => {
    const signatures = [...new Set(requests.flatMap((r) => (r.signature === undefined ? [] : [r.signature])))].sort();
    const fresh = new Set(
      signatures.length === 0
        ? []
        : (
            await trx
              .insertInto('ingest_signatures')
              .values(signatures.map((signature) => ({ signature })))
              .onConflict((oc) => oc.doNothing())
              .returning('signature')
              .execute()
          ).map((r) => r.signature),
    );
    // A signature counts once: for the first request of the group that carries it.
    const accepted = requests.map((r) => r.signature === undefined || fresh.delete(r.signature));
    const stored = await ingestGroupIn(
      trx,
      requests.filter((_, i) => accepted[i]),
      dispatchAfter,
      mapWork,
    );
    let next = 0;
    return requests.map((_, i) =>
      accepted[i] ? (stored[next++] as IngestResult) : { replayed: new ReplayedRequestError() },
    );
  });
}

/** Signatures older than the longest timestamp window can never be replayed: drop them. */
export async function forgetIngestSignatures(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('ingest_signatures').where('seen_at', '<', before).execute();
}

/** One request, inside a transaction the caller holds (xAPI stores its statements alongside). */
export async function ingestAssessmentEventsIn(
  trx: Transaction<Database>,
  input: { lmsClientId: string; events: readonly NewAssessmentEvent[]; dispatchAfter: Date; mapWork: MapEventWork },
): Promise<{ outcomes: IngestOutcome[]; work: OutboxItem[] }> {
  const [result] = await ingestGroupIn(trx, [input], input.dispatchAfter, input.mapWork);
  if (result === undefined) throw new Error('ingest returned no result');
  return result;
}

const keyOf = (lmsClientId: string, id: string): string => `${lmsClientId}\u0000${id}`;
// Rows are written in key order so that concurrent transactions lock them in the same order and
// cannot deadlock.
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function ingestGroupIn(
  trx: Transaction<Database>,
  requests: readonly { lmsClientId: string; events: readonly NewAssessmentEvent[] }[],
  dispatchAfter: Date,
  mapWork: MapEventWork,
): Promise<{ outcomes: IngestOutcome[]; work: OutboxItem[] }[]> {
  const existingIds = async (keys: { lmsClientId: string; eventId: string }[]): Promise<Map<string, string>> => {
    if (keys.length === 0) return new Map();
    const rows = await trx
      .selectFrom('assessment_events')
      .select(['id', 'lms_client_id', 'event_id'])
      .where((eb) =>
        eb(
          eb.refTuple('lms_client_id', 'event_id'),
          'in',
          keys.map((k) => eb.tuple(k.lmsClientId, k.eventId)),
        ),
      )
      .execute();
    return new Map(rows.map((r) => [keyOf(r.lms_client_id, r.event_id), r.id]));
  };

  // Within a client the first copy of an event id wins, as a replay would; a replay changes
  // nothing at all, not even the learner's name or e-mail.
  const unique = new Map<string, { lmsClientId: string; event: NewAssessmentEvent }>();
  for (const { lmsClientId, events } of requests) {
    for (const event of events) {
      const key = keyOf(lmsClientId, event.eventId);
      if (!unique.has(key)) unique.set(key, { lmsClientId, event });
    }
  }
  const known = await existingIds(
    [...unique.values()].map((u) => ({ lmsClientId: u.lmsClientId, eventId: u.event.eventId })),
  );
  const fresh = [...unique.entries()].filter(([key]) => !known.has(key)).sort(([a], [b]) => byKey(a, b));

  const insertedIds = new Map<string, string>();
  if (fresh.length > 0) {
    // One learner row per (client, LMS user); the latest e-mail and name win.
    const learners = new Map<string, { lmsClientId: string; learner: NewAssessmentEvent['learner'] }>();
    for (const [, { lmsClientId, event }] of fresh) {
      learners.set(keyOf(lmsClientId, event.learner.lmsUserId), { lmsClientId, learner: event.learner });
    }
    // Learners mostly exist already and are unchanged: read them, and write (locking the row) only
    // the new and the changed ones.
    const stored = await trx
      .selectFrom('learners')
      .select(['id', 'lms_client_id', 'lms_user_id', 'email', 'identity_type', 'identity', 'name'])
      .where((eb) =>
        eb(
          eb.refTuple('lms_client_id', 'lms_user_id'),
          'in',
          [...learners.values()].map((l) => eb.tuple(l.lmsClientId, l.learner.lmsUserId)),
        ),
      )
      .execute();
    const learnerIds = new Map<string, string>();
    for (const row of stored) {
      const key = keyOf(row.lms_client_id, row.lms_user_id);
      const l = learners.get(key)?.learner;
      if (
        l !== undefined &&
        l.email === row.email &&
        l.identityType === row.identity_type &&
        l.identity === row.identity &&
        l.name === row.name
      ) {
        learnerIds.set(key, row.id);
        learners.delete(key);
      }
    }
    if (learners.size > 0) {
      const learnerRows = await trx
        .insertInto('learners')
        .values(
          [...learners.entries()]
            .sort(([a], [b]) => byKey(a, b))
            .map(([, { lmsClientId, learner: l }]) => ({
              lms_client_id: lmsClientId,
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
        .returning(['id', 'lms_client_id', 'lms_user_id'])
        .execute();
      for (const r of learnerRows) learnerIds.set(keyOf(r.lms_client_id, r.lms_user_id), r.id);
    }
    const inserted = await trx
      .insertInto('assessment_events')
      .values(
        fresh.map(([, { lmsClientId, event: e }]) => ({
          lms_client_id: lmsClientId,
          event_id: e.eventId,
          learner_id: learnerIds.get(keyOf(lmsClientId, e.learner.lmsUserId)) as string,
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
      .returning(['id', 'lms_client_id', 'event_id'])
      .execute();
    for (const r of inserted) insertedIds.set(keyOf(r.lms_client_id, r.event_id), r.id);
    const raced = await existingIds(
      fresh
        .filter(([key]) => !insertedIds.has(key))
        .map(([, { lmsClientId, event }]) => ({ lmsClientId, eventId: event.eventId })),
    );
    for (const [key, id] of raced) known.set(key, id);
  }

  const wanted = [...insertedIds.values()].map((id) => ({ id, item: mapWork(id) }));
  const rowKey = (item: { topic: string; jobKey: string }): string => `${item.topic}\u0000${item.jobKey}`;
  const eventOf = new Map(wanted.map(({ id, item }) => [rowKey(item), id]));
  const work = await enqueueOutbox(
    trx,
    wanted.map(({ item }) => item),
    dispatchAfter,
  );
  const workByEvent = new Map(work.map((w) => [eventOf.get(rowKey(w)), w]));
  // An event is new for the first request (and the first copy within it) that carried it.
  const claimed = new Set<string>();
  return requests.map(({ lmsClientId, events }) => {
    const mine: OutboxItem[] = [];
    const outcomes = events.map((e) => {
      const key = keyOf(lmsClientId, e.eventId);
      const inserted = insertedIds.get(key);
      const duplicate = inserted === undefined || claimed.has(key);
      claimed.add(key);
      if (!duplicate) {
        const item = workByEvent.get(inserted);
        if (item !== undefined) mine.push(item);
      }
      return { eventId: e.eventId, id: inserted ?? (known.get(key) as string), duplicate };
    });
    return { outcomes, work: mine };
  });
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
