import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

/**
 * Two LMS clients of one deployment that happen to use the same user ids, event ids and xAPI
 * statement ids: each client's learners, events and statements stay its own.
 */
describe('LMS client isolation', () => {
  let system: TestSystem;
  let a: TestClient;
  let b: TestClient;
  let endpoint: string;

  const auth = (client: TestClient): string =>
    `Basic ${Buffer.from(`${client.xapiKey!}:${client.xapiSecret!}`).toString('base64')}`;
  const xapi = (client: TestClient, body: unknown): Promise<Response> =>
    fetch(`${endpoint}statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', authorization: auth(client) },
      body: JSON.stringify(body),
    });
  const statement = (id: string, email: string, code: string): Record<string, unknown> => ({
    id,
    actor: { mbox: `mailto:${email}` },
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
    object: { objectType: 'Activity', id: system.activityFor(code) },
    result: { score: { scaled: 0.9 }, success: true },
    timestamp: new Date(Date.now() - 60_000).toISOString(),
  });
  const learnersOf = async (client: TestClient): Promise<string[]> =>
    (await system.db.selectFrom('learners').select('id').where('lms_client_id', '=', client.id).execute()).map(
      (r) => r.id,
    );

  beforeAll(async () => {
    system = await TestSystem.start();
    a = await system.createClient('LMS A');
    b = await system.createClient('LMS B');
    await system.mapEveryStatement();
    await system.startWorkers();
    endpoint = `${await system.listen()}/xapi/`;
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps the same user and event ids from two clients apart: two learners, two sets of credentials', async () => {
    const results = system.passingResults({ id: 'u-1', email: 'shared@brokerage.example', name: 'Shared' });
    expect((await system.post(a, results)).statusCode).toBe(202);
    // Client B reuses A's event ids verbatim: not a duplicate of A's, and no conflict that would reveal them.
    const fromB = await system.post(b, results.slice(0, 10));
    expect(fromB.statusCode).toBe(202);
    expect(fromB.json).toMatchObject({ accepted: 10, duplicates: 0 });
    await system.waitForCredentials(5);

    const [learnerA] = await learnersOf(a);
    const [learnerB] = await learnersOf(b);
    expect(learnerA).toBeDefined();
    expect(learnerB).toBeDefined();
    expect(learnerA).not.toBe(learnerB);
    const levels = async (learnerId: string): Promise<number> =>
      (await system.db.selectFrom('credentials').select('id').where('learner_id', '=', learnerId).execute()).length;
    expect(await levels(learnerA!)).toBe(4);
    expect(await levels(learnerB!)).toBe(1);
  });

  it("cannot void another client's statement, even knowing its id", async () => {
    const code = system.framework.levels[0]!.statements[0]!.code;
    const id = randomUUID();
    expect((await xapi(a, statement(id, 'voided-by-other@brokerage.example', code))).status).toBe(200);
    const voiding = await xapi(b, {
      actor: { mbox: 'mailto:intruder@lms-b.example' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id },
    });
    // B's voiding statement is stored in B's own space; it names no statement of B's.
    expect(voiding.status).toBe(200);
    const events = await system.db
      .selectFrom('assessment_events')
      .select(['lms_client_id', 'status'])
      .where('lms_client_id', '=', a.id)
      .where('status', '=', 'voided')
      .execute();
    expect(events).toEqual([]);
    const stored = await system.db
      .selectFrom('xapi_statements')
      .select(['lms_client_id', 'voided_by'])
      .where('statement_id', '=', id)
      .execute();
    expect(stored).toEqual([{ lms_client_id: a.id, voided_by: null }]);
  });

  it("stores B's statement under an id A already used without a 409 that would reveal A's", async () => {
    const code = system.framework.levels[0]!.statements[1]!.code;
    const id = randomUUID();
    expect((await xapi(a, statement(id, 'one@brokerage.example', code))).status).toBe(200);
    const other = await xapi(b, statement(id, 'two@brokerage.example', code));
    expect(other.status).toBe(200);
    const owners = await system.db
      .selectFrom('xapi_statements')
      .select('lms_client_id')
      .where('statement_id', '=', id)
      .orderBy('lms_client_id')
      .execute();
    expect(owners.map((o) => o.lms_client_id).sort()).toEqual([a.id, b.id].sort());
  });

  it("refuses one client's credentials with another client's id, and a signature made with the other's secret", async () => {
    const before = await learnersOf(b);
    const results = system.passingResults({ id: 'u-2', email: 'u2@brokerage.example', name: 'U2' }).slice(0, 1);
    const forged = await system.post({ id: b.id, secret: a.secret }, results);
    expect(forged.statusCode).toBe(401);
    expect(forged.json).toMatchObject({ code: 'invalid_signature' });
    const xapiForged = await fetch(`${endpoint}statements`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': '1.0.3',
        authorization: `Basic ${Buffer.from(`${a.xapiKey!}:${b.xapiSecret!}`).toString('base64')}`,
      },
      body: JSON.stringify(
        statement(randomUUID(), 'u2@brokerage.example', system.framework.levels[0]!.statements[0]!.code),
      ),
    });
    expect(xapiForged.status).toBe(401);
    expect(await learnersOf(b)).toEqual(before);
  });
});
