import { countAssessmentEvents, countOutbox } from '@attain/db';
import { signIngestBody } from '@attain/runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient, type TestResult } from '../support/test-system.js';

describe('native ingest: POST /v1/assessment-results', () => {
  let system: TestSystem;
  let client: TestClient;
  let n = 0;
  const result = (overrides: Partial<TestResult> = {}): TestResult => ({
    eventId: `event-${(n += 1)}`,
    learner: { id: 'u-1', email: 'agent@brokerage.example', name: 'Agent' },
    activityId: 'https://lms.test/activities/emerging-1',
    score: { scaled: 0.9 },
    passed: true,
    completedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  });

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient();
  });
  afterAll(async () => {
    await system.close();
  });

  // Each rejection test starts from a known count and checks that nothing at all was stored.
  let eventsBefore = 0;
  let outboxBefore = 0;
  beforeEach(async () => {
    eventsBefore = await countAssessmentEvents(system.db);
    outboxBefore = await countOutbox(system.db);
  });
  async function expectNothingStored(): Promise<void> {
    expect(await countAssessmentEvents(system.db)).toBe(eventsBefore);
    expect(await countOutbox(system.db)).toBe(outboxBefore);
  }

  it('accepts a signed result, stores it with its outbox row and answers 202', async () => {
    const response = await system.post(client, result());
    expect(response.statusCode).toBe(202);
    expect(response.json).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await countAssessmentEvents(system.db)).toBe(eventsBefore + 1);
    expect(await countOutbox(system.db)).toBe(outboxBefore + 1);
  });

  it('acknowledges a replayed event id and changes nothing', async () => {
    const first = result();
    await system.post(client, first);
    const afterFirst = await countAssessmentEvents(system.db);
    const replay = await system.post(client, {
      ...first,
      learner: { ...first.learner, name: 'Renamed' },
      score: { scaled: 0.1 },
    });
    expect(replay.statusCode).toBe(202);
    expect(replay.json).toMatchObject({
      accepted: 0,
      duplicates: 1,
      results: [{ eventId: first.eventId, status: 'duplicate' }],
    });
    expect(await countAssessmentEvents(system.db)).toBe(afterFirst);
    const stored = await system.db
      .selectFrom('assessment_events')
      .select('score_scaled')
      .where('event_id', '=', first.eventId)
      .executeTakeFirstOrThrow();
    expect(stored.score_scaled).toBe(0.9);
    const learner = await system.db
      .selectFrom('learners')
      .select('name')
      .where('lms_user_id', '=', first.learner.id)
      .executeTakeFirstOrThrow();
    expect(learner.name).toBe('Agent');
  });

  it('derives the scaled score from raw, min and max', async () => {
    const raw = result({ score: { raw: 42, min: 10, max: 50 } });
    expect((await system.post(client, raw)).statusCode).toBe(202);
    const stored = await system.db
      .selectFrom('assessment_events')
      .select('score_scaled')
      .where('event_id', '=', raw.eventId)
      .executeTakeFirstOrThrow();
    expect(stored.score_scaled).toBeCloseTo(0.8, 10);
  });

  it('refuses the very same signed request sent again with 409, and stores nothing more', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = result();
    expect((await system.post(client, body, { timestamp })).statusCode).toBe(202);
    const events = await countAssessmentEvents(system.db);
    const again = await system.post(client, body, { timestamp });
    expect(again.statusCode).toBe(409);
    expect(again.json).toMatchObject({ code: 'replayed_signature' });
    expect(await countAssessmentEvents(system.db)).toBe(events);
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const response = await system.post(client, result(), { signature: `v1=${'0'.repeat(64)}` });
    expect(response.statusCode).toBe(401);
    expect(response.json).toMatchObject({
      status: 401,
      code: 'invalid_signature',
      type: 'urn:attain:problem:invalid_signature',
    });
    await expectNothingStored();
  });

  it('rejects a body changed after signing', async () => {
    const body = JSON.stringify(result());
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await system.post(client, undefined, {
      timestamp,
      signature: signIngestBody(client.secret, timestamp, body),
      rawBody: body.replace('0.9', '1'),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json.code).toBe('invalid_signature');
    await expectNothingStored();
  });

  it('rejects a stale or future timestamp even when correctly signed', async () => {
    for (const skew of [-301, 301]) {
      const response = await system.post(client, result(), { timestamp: Math.floor(Date.now() / 1000) + skew });
      expect(response.statusCode).toBe(401);
      expect(response.json.code).toBe('stale_timestamp');
    }
    await expectNothingStored();
  });

  it('rejects a request without signature headers, or from an unknown or foreign client', async () => {
    const missing = await system.app.inject({ method: 'POST', url: '/v1/assessment-results', payload: result() });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'missing_signature' });
    const stranger = await system.post({ id: '2b0e8e39-6f55-4a1e-8d0a-3d3c7c0f0f00', secret: client.secret }, result());
    expect(stranger.json.code).toBe('unknown_client');
    const other = await system.createClient('another LMS');
    const wrongSecret = await system.post({ id: other.id, secret: client.secret }, result());
    expect(wrongSecret.json.code).toBe('invalid_signature');
    await expectNothingStored();
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await system.post(client, undefined, { rawBody: '{"eventId": "x",' });
    expect(response.statusCode).toBe(400);
    expect(response.json.status).toBe(400);
    expect(typeof response.json.code).toBe('string');
    await expectNothingStored();
  });

  it.each([
    ['a missing e-mail', { learner: { id: 'u', name: 'A' } }, '/learner/email'],
    ['an invalid e-mail', { learner: { id: 'u', email: 'not-an-email', name: 'A' } }, '/learner/email'],
    ['a scaled score above 1', { score: { scaled: 1.5 } }, '/score/scaled'],
    ['a raw score without bounds', { score: { raw: 3 } }, '/score'],
    ['a raw score outside its bounds', { score: { raw: 60, min: 0, max: 50 } }, '/score/raw'],
    ['neither score nor passed', { score: undefined, passed: undefined }, ''],
    ['a time without zone', { completedAt: '2026-11-20T10:00:00' }, '/completedAt'],
    ['a completion in the future', { completedAt: '2099-01-01T00:00:00Z' }, '/completedAt'],
    ['an unknown field', { grade: 'A' }, '/grade'],
  ])('rejects %s with 400, naming the field, and stores nothing', async (_name, overrides, path) => {
    const bad = JSON.parse(JSON.stringify(result(overrides as Partial<TestResult>))) as TestResult;
    const response = await system.post(client, bad);
    expect(response.statusCode).toBe(400);
    const errors = response.json.errors as { pointer: string }[];
    expect(errors.map((e) => e.pointer)).toContain(path);
    await expectNothingStored();
  });

  it('stores nothing of a batch when one of its results is invalid', async () => {
    const response = await system.post(client, [result(), result(), result({ score: { scaled: 2 } })]);
    expect(response.statusCode).toBe(400);
    expect(response.contentType).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({
      type: 'urn:attain:problem:invalid_request',
      title: 'Bad Request',
      status: 400,
    });
    expect((response.json.errors as { pointer: string }[]).map((e) => e.pointer)).toContain('/2/score/scaled');
    await expectNothingStored();
  });

  it('accepts a batch, and a result repeated inside it counts once', async () => {
    const repeated = result();
    const response = await system.post(client, [result(), repeated, repeated]);
    expect(response.statusCode).toBe(202);
    expect(response.json).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await countAssessmentEvents(system.db)).toBe(eventsBefore + 2);
  });

  it('refuses text Postgres cannot store and bytes that are not UTF-8, with 400', async () => {
    const nul = await system.post(
      client,
      result({ learner: { id: 'u-1', email: 'agent@brokerage.example', name: 'A\u0000B' } }),
    );
    expect(nul.statusCode).toBe(400);
    expect(nul.json.code).toBe('invalid_text');
    const bytes = Buffer.concat([Buffer.from('{"eventId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const malformed = await system.post(client, undefined, { rawBody: bytes });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json).toMatchObject({ code: 'invalid_utf8' });
    const url = await system.app.inject({ method: 'GET', url: '/frameworks/%00/v1' });
    expect(url.statusCode).toBe(400);
    await expectNothingStored();
  });

  it('refuses an activity id too long to index and a score range that overflows', async () => {
    const long = await system.post(client, result({ activityId: '漢'.repeat(700) }));
    expect(long.statusCode).toBe(400);
    expect((long.json.errors as { pointer: string }[])[0]?.pointer).toBe('/activityId');
    const overflow = await system.post(client, result({ score: { raw: 1e308, min: -1e308, max: 1e308 } }));
    expect(overflow.statusCode).toBe(400);
    await expectNothingStored();
  });

  it('takes concurrent batches for the same learners in any order without a deadlock', async () => {
    const learners = Array.from({ length: 30 }, (_, i) => ({
      id: `c-${i}`,
      email: `c${i}@brokerage.example`,
      name: `C ${i}`,
    }));
    const batch = (order: typeof learners) => order.map((learner) => result({ learner }));
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        system.post(client, batch(i % 2 === 0 ? learners : [...learners].reverse())),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 12 }, () => 202));
    expect(await countAssessmentEvents(system.db)).toBe(eventsBefore + 12 * 30);
  });
});
