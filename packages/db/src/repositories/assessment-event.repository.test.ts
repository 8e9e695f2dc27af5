import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { seedLmsClient } from '../test-rows.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import {
  countAssessmentEvents,
  findAssessmentEvent,
  forgetIngestSignatures,
  ingestAssessmentEvents,
  ingestRequests,
  listParkedActivities,
  ReplayedRequestError,
  type NewAssessmentEvent,
} from './assessment-event.repository.js';
import { countOutbox, type MapEventWork } from './outbox.repository.js';

// The caller builds the map work; the repository stores whatever row it is given, keyed as built.
const mapWork: MapEventWork = (eventId) => ({ topic: 'test.map', jobKey: `k-${eventId}`, payload: { eventId } });
const dispatchAfter = new Date('2026-12-01T10:00:30Z');

function result(eventId: string, lmsUserId = 'u-1', activityId = 'course-1'): NewAssessmentEvent {
  return {
    eventId,
    learner: {
      lmsUserId,
      email: `${lmsUserId}@example.edu`,
      identityType: 'emailAddress',
      identity: `${lmsUserId}@example.edu`,
      name: `Learner ${lmsUserId}`,
    },
    activityId,
    score: { scaled: 0.9, raw: 45, min: 0, max: 50 },
    passed: true,
    completedAt: new Date('2026-11-30T09:00:00Z'),
    source: 'native',
    payload: { eventId },
  };
}

describe('assessment event repository', () => {
  let schema: TestSchema;
  let db: Db;
  let clientA: string;
  let clientB: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    clientA = await seedLmsClient(db, 'A');
    clientB = await seedLmsClient(db, 'B');
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('stores each event with one outbox row built by the caller, returned as the work to dispatch', async () => {
    const { outcomes, work } = await ingestAssessmentEvents(db, {
      lmsClientId: clientA,
      events: [result('e-1'), result('e-2', 'u-2')],
      dispatchAfter,
      mapWork,
    });
    expect(outcomes.map((o) => [o.eventId, o.duplicate])).toEqual([
      ['e-1', false],
      ['e-2', false],
    ]);
    expect(work.map((w) => [w.topic, w.jobKey, w.payload, w.generation])).toEqual(
      outcomes.map((o) => ['test.map', `k-${o.id}`, { eventId: o.id }, 1]),
    );
    const [first] = outcomes;
    if (first === undefined) throw new Error('no outcome');
    const stored = await findAssessmentEvent(db, first.id);
    expect(stored).toMatchObject({ lmsClientId: clientA, eventId: 'e-1', status: 'received', scoreScaled: 0.9 });
    const row = await db
      .selectFrom('outbox')
      .select('available_at')
      .where('job_key', '=', `k-${first.id}`)
      .executeTakeFirstOrThrow();
    expect(row.available_at).toEqual(dispatchAfter);
  });

  it('acknowledges an event id the client already sent without storing or queueing anything', async () => {
    const events = await countAssessmentEvents(db);
    const rows = await countOutbox(db);
    const { outcomes, work } = await ingestAssessmentEvents(db, {
      lmsClientId: clientA,
      events: [result('e-1'), result('e-3'), result('e-3')],
      dispatchAfter,
      mapWork,
    });
    expect(outcomes.map((o) => [o.eventId, o.duplicate])).toEqual([
      ['e-1', true],
      ['e-3', false],
      ['e-3', true],
    ]);
    expect(work).toHaveLength(1);
    expect(await countAssessmentEvents(db)).toBe(events + 1);
    expect(await countOutbox(db)).toBe(rows + 1);
  });

  it('commits a group of requests together, each with its own outcomes and work, and refuses a replayed signature', async () => {
    const [a, b, replay] = await ingestRequests(
      db,
      [
        { lmsClientId: clientA, events: [result('g-1')], signature: 'sig-1' },
        // Another client may use the same event id: it is another event.
        { lmsClientId: clientB, events: [result('g-1'), result('g-2')], signature: 'sig-2' },
        { lmsClientId: clientA, events: [result('g-3')], signature: 'sig-1' },
      ],
      dispatchAfter,
      mapWork,
    );
    if (a === undefined || b === undefined || replay === undefined) throw new Error('missing results');
    if ('replayed' in a || 'replayed' in b) throw new Error('refused a fresh request');
    expect(a.work).toHaveLength(1);
    expect(b.work.map((w) => w.payload)).toEqual(b.outcomes.map((o) => ({ eventId: o.id })));
    expect('replayed' in replay && replay.replayed).toBeInstanceOf(ReplayedRequestError);
    await expect(
      ingestAssessmentEvents(db, {
        lmsClientId: clientA,
        events: [result('g-4')],
        signature: 'sig-2',
        dispatchAfter,
        mapWork,
      }),
    ).rejects.toThrow(ReplayedRequestError);
    // Signatures past every timestamp window are forgotten: the same one is accepted again.
    await forgetIngestSignatures(db, new Date(Date.now() + 60_000));
    const again = await ingestAssessmentEvents(db, {
      lmsClientId: clientA,
      events: [result('g-4')],
      signature: 'sig-2',
      dispatchAfter,
      mapWork,
    });
    expect(again.outcomes[0]?.duplicate).toBe(false);
  });

  it('lists parked (unmapped) results by activity', async () => {
    const { outcomes } = await ingestAssessmentEvents(db, {
      lmsClientId: clientA,
      events: [result('p-1', 'u-1', 'course-parked'), result('p-2', 'u-2', 'course-parked')],
      dispatchAfter,
      mapWork,
    });
    await db
      .updateTable('assessment_events')
      .set({ status: 'unmapped' })
      .where(
        'id',
        'in',
        outcomes.map((o) => o.id),
      )
      .execute();
    expect(await listParkedActivities(db)).toEqual([
      { activityId: 'course-parked', lmsClientId: clientA, events: 2, oldest: new Date('2026-11-30T09:00:00Z') },
    ]);
  });
});
