import { randomUUID } from 'node:crypto';
import { createLogger } from '@attain/config';
import { countAssessmentEvents, type NewAssessmentEvent } from '@attain/db';
import { IngestGroupCommit } from '@attain/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

/** Group commit on the real database: requests that wait together are stored together, each with its own answer. */
describe('ingest group commit', () => {
  let system: TestSystem;
  let a: TestClient;
  let b: TestClient;
  let commits: IngestGroupCommit;

  const event = (eventId: string, user = 'u-1', payload: unknown = {}): NewAssessmentEvent => ({
    eventId,
    learner: {
      lmsUserId: user,
      email: `${user}@brokerage.example`,
      identityType: 'emailAddress',
      identity: `${user}@brokerage.example`,
      name: user,
    },
    activityId: system.activityFor('emerging-1'),
    score: { scaled: 0.9, raw: null, min: null, max: null },
    passed: true,
    completedAt: new Date(Date.now() - 60_000),
    source: 'native',
    payload,
  });
  const eventsOf = async (client: TestClient): Promise<string[]> =>
    (
      await system.db
        .selectFrom('assessment_events')
        .select('event_id')
        .where('lms_client_id', '=', client.id)
        .execute()
    )
      .map((r) => r.event_id)
      .sort();

  beforeAll(async () => {
    system = await TestSystem.start();
    a = await system.createClient('A');
    b = await system.createClient('B');
    // One transaction at a time: whatever is submitted while it runs forms the next group.
    commits = new IngestGroupCommit(system.runtime, {
      concurrency: 1,
      maxResults: 1000,
      minGroupResults: 1,
      retryAfterMs: 30_000,
      now: () => new Date(),
      logger: createLogger({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await system.close();
  });

  it('answers each request of a group on its own: duplicates across requests, a signature used twice, two clients', async () => {
    const shared = randomUUID();
    const first = commits.submit({ lmsClientId: a.id, events: [event(randomUUID())], signature: 'sig-0' });
    // These wait for the first transaction and are committed together.
    const group = [
      commits.submit({ lmsClientId: a.id, events: [event(shared), event(randomUUID())], signature: 'sig-1' }),
      commits.submit({ lmsClientId: a.id, events: [event(shared)], signature: 'sig-2' }),
      commits.submit({ lmsClientId: a.id, events: [event(randomUUID())], signature: 'sig-1' }),
      commits.submit({ lmsClientId: b.id, events: [event(shared)], signature: 'sig-3' }),
    ];
    const [r0, r1, r2, r3, r4] = await Promise.all([first, ...group]);
    expect(r0).toMatchObject({ outcomes: [{ duplicate: false }] });
    if (r1 === undefined || !('outcomes' in r1) || r2 === undefined || !('outcomes' in r2))
      throw new Error('expected outcomes');
    expect(r1.outcomes.map((o) => o.duplicate)).toEqual([false, false]);
    expect(r1.work).toHaveLength(2);
    // The same event id from the same client in a later request of the group: acknowledged, not stored again.
    expect(r2.outcomes).toEqual([{ eventId: shared, id: r1.outcomes[0]!.id, duplicate: true }]);
    expect(r2.work).toEqual([]);
    expect(r3).toHaveProperty('replayed');
    // Another client's event with the same id is that client's own.
    expect(r4).toMatchObject({ outcomes: [{ eventId: shared, duplicate: false }] });
    expect(await eventsOf(a)).toHaveLength(3);
    expect(await eventsOf(b)).toEqual([shared]);
  });

  it('retries a failed group one by one: a request the database refuses fails alone', async () => {
    const before = await countAssessmentEvents(system.db);
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const first = commits.submit({ lmsClientId: a.id, events: [event(ids[0]!)] });
    const group = [
      commits.submit({ lmsClientId: a.id, events: [event(ids[1]!)] }),
      // jsonb cannot hold U+0000: Postgres refuses this one request's row.
      commits.submit({ lmsClientId: b.id, events: [event(ids[2]!, 'u-2', { note: 'a\u0000b' })] }),
      commits.submit({ lmsClientId: b.id, events: [event(ids[3]!)] }),
    ];
    const settled = await Promise.allSettled([first, ...group]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await countAssessmentEvents(system.db)).toBe(before + 3);
    const stored = await system.db
      .selectFrom('assessment_events')
      .select('event_id')
      .where('event_id', 'in', ids)
      .execute();
    expect(stored.map((r) => r.event_id).sort()).toEqual([ids[0], ids[1], ids[3]].sort());
    const outbox = await system.db.selectFrom('outbox').select('job_key').where('topic', '=', 'event.map').execute();
    expect(outbox.length).toBeGreaterThanOrEqual(3);
  });

  it('over HTTP: 200 concurrent signed requests from two clients, each result stored once', async () => {
    const results = Array.from(
      { length: 200 },
      (_, i) =>
        system.passingResults({ id: `c-${i % 7}`, email: `c-${i % 7}@brokerage.example`, name: `C ${i % 7}` })[i % 40]!,
    );
    const answers = await Promise.all(results.map((r, i) => system.post(i % 2 === 0 ? a : b, r)));
    expect(answers.every((x) => x.statusCode === 202)).toBe(true);
    // The same again: every one a duplicate, nothing new stored.
    const count = await countAssessmentEvents(system.db);
    // Signed at another second: a new request (the same signature would be refused as a replay).
    const timestamp = Math.floor(Date.now() / 1000) - 5;
    const again = await Promise.all(results.map((r, i) => system.post(i % 2 === 0 ? a : b, r, { timestamp })));
    expect(again.map((x) => x.json.duplicates)).toEqual(results.map(() => 1));
    expect(await countAssessmentEvents(system.db)).toBe(count);
  });
});
