import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;

describe('admin API: LMS clients, mappings, parked results, tokens', () => {
  let system: TestSystem;
  let bootstrap: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    bootstrap = system.runtime.config.adminToken!;
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  async function admin(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, token = bootstrap) {
    const response = await system.app.inject({
      method,
      url: `/admin${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: response.statusCode, json: response.body === '' ? undefined : response.json<unknown>() };
  }

  const result = (activityId: string, eventId: string) => ({
    eventId,
    learner: { id: 'a-1', email: 'admin-test@brokerage.example', name: 'A' },
    activityId,
    passed: true,
    completedAt: new Date(Date.now() - 1000).toISOString(),
  });

  it('refuses every admin call without a valid token', async () => {
    for (const token of ['', 'not-a-token', `${bootstrap}x`]) {
      const response = await admin('GET', '/lms-clients', undefined, token);
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ code: 'unauthorized', status: 401 });
    }
    const create = await system.app.inject({ method: 'POST', url: '/admin/lms-clients', payload: { name: 'x' } });
    expect(create.statusCode).toBe(401);
    expect(create.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('creates, lists, disables, enables and rotates an LMS client', async () => {
    const created = await admin('POST', '/lms-clients', { name: 'Cornerstone' });
    expect(created.status).toBe(201);
    const secrets = created.json as { id: string; hmacSecret: string; xapiKey: string; xapiSecret: string };
    const client: TestClient = { id: secrets.id, secret: secrets.hmacSecret };
    expect((await system.post(client, result('course-1', 'e-1'))).statusCode).toBe(202);

    const list = (await admin('GET', '/lms-clients')).json as Json[];
    expect(list.find((c) => c.id === secrets.id)).toMatchObject({
      name: 'Cornerstone',
      disabled: false,
      xapiKey: secrets.xapiKey,
    });
    expect(JSON.stringify(list)).not.toContain(secrets.hmacSecret);
    expect(JSON.stringify(list)).not.toContain(secrets.xapiSecret);

    expect((await admin('POST', `/lms-clients/${secrets.id}/disable`)).json).toMatchObject({ disabled: true });
    expect((await system.post(client, result('course-1', 'e-2'))).json.code).toBe('unknown_client');
    expect((await admin('POST', `/lms-clients/${secrets.id}/enable`)).json).toMatchObject({ disabled: false });
    expect((await system.post(client, result('course-1', 'e-3'))).statusCode).toBe(202);

    const rotated = (await admin('POST', `/lms-clients/${secrets.id}/rotate`)).json as {
      hmacSecret: string;
      xapiKey: string;
    };
    expect(rotated.hmacSecret).not.toBe(secrets.hmacSecret);
    expect(rotated.xapiKey).not.toBe(secrets.xapiKey);
    expect((await system.post(client, result('course-1', 'e-4'))).json.code).toBe('invalid_signature');
    expect(
      (await system.post({ id: secrets.id, secret: rotated.hmacSecret }, result('course-1', 'e-5'))).statusCode,
    ).toBe(202);
    expect((await admin('POST', '/lms-clients/00000000-0000-4000-8000-000000000000/disable')).status).toBe(404);
  });

  it('lists parked results and processes them when a mapping arrives through the API', async () => {
    const client = await system.createClient();
    await system.post(client, result('https://lms.test/activities/unmapped-course', 'p-1'));
    const parked = await waitFor(async () => {
      const list = (await admin('GET', '/parked')).json as { activityId: string; events: number }[];
      return list.find((p) => p.activityId === 'https://lms.test/activities/unmapped-course');
    }, 'the result to be parked');
    expect(parked.events).toBe(1);

    const refused = await admin('POST', '/mappings', [
      {
        activityId: 'https://lms.test/activities/unmapped-course',
        framework: '41-3031.00',
        version: 'v.26.05',
        statements: ['emerging-99'],
      },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'unknown_statement', errors: [{ pointer: '/0/statements' }] });
    expect(JSON.stringify(refused.json)).toContain('emerging-99');

    const mapped = await admin('POST', '/mappings', [
      {
        activityId: 'https://lms.test/activities/unmapped-course',
        framework: '41-3031.00',
        version: 'v.26.05',
        statements: ['emerging-1'],
      },
    ]);
    expect(mapped.json).toEqual({ activities: 1, added: 1, requeued: 1 });
    await waitFor(async () => {
      const event = await system.db
        .selectFrom('assessment_events')
        .select('status')
        .where('event_id', '=', 'p-1')
        .executeTakeFirst();
      return event?.status === 'mapped' ? true : undefined;
    }, 'the parked result to be mapped');
    const list = (await admin('GET', '/parked')).json as { activityId: string }[];
    expect(list.some((p) => p.activityId === 'https://lms.test/activities/unmapped-course')).toBe(false);
    const mappings = await admin(
      'GET',
      `/mappings?activityId=${encodeURIComponent('https://lms.test/activities/unmapped-course')}`,
    );
    expect(mappings.json).toEqual([{ frameworkId: '41-3031.00', version: 'v.26.05', statementCode: 'emerging-1' }]);
  });

  it('creates admin tokens that work until revoked', async () => {
    const created = (await admin('POST', '/tokens', { name: 'ops laptop' })).json as { id: string; token: string };
    expect(created.token).toMatch(/^at_/);
    const tokens = (await admin('GET', '/tokens')).json as { id: string; name: string }[];
    expect(tokens.find((t) => t.id === created.id)).toMatchObject({ name: 'ops laptop', revoked: false });
    expect(JSON.stringify(tokens)).not.toContain(created.token);
    expect((await admin('GET', '/lms-clients', undefined, created.token)).status).toBe(200);
    expect((await admin('DELETE', `/tokens/${created.id}`)).status).toBe(204);
    expect((await admin('GET', '/lms-clients', undefined, created.token)).status).toBe(401);
    expect((await admin('DELETE', `/tokens/${created.id}`)).status).toBe(404);
  });
});
