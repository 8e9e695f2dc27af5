import { createHash, randomUUID } from 'node:crypto';
import { hashAccount, hashIdentity } from '@attain/credentials';
import { countAssessmentEvents, countOutbox, saveActivityMappings } from '@attain/db';
import { mapEventWork } from '@attain/pipeline';
import xapiModule, { type Statement } from '@xapi/xapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

// A CommonJS package: under NodeNext its class is the default export's `default`.
const XAPI = xapiModule.default;
type XAPI = InstanceType<typeof XAPI>;

const PASSED = { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } };

describe('xAPI 1.0.3: an LMS posting statements with a real xAPI client library', () => {
  let system: TestSystem;
  let client: TestClient;
  let endpoint: string;
  let xapi: XAPI;
  const auth = (key: string, secret: string): string => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient('Moodle (xAPI log store)');
    await system.mapEveryStatement();
    await system.startWorkers();
    endpoint = `${await system.listen()}/xapi/`;
    xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(client.xapiKey!, client.xapiSecret!), version: '1.0.3' });
  });
  afterAll(async () => {
    await system.close();
  });

  const statementsFor = (actor: Statement['actor'], scaled = 0.95): Statement[] =>
    system.framework.levels.flatMap((level) =>
      level.statements.map((s) => ({
        actor,
        verb: PASSED,
        object: { objectType: 'Activity' as const, id: system.activityFor(s.code) },
        result: { score: { scaled }, success: true, completion: true },
        timestamp: new Date(Date.now() - 60_000).toISOString(),
      })),
    );

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${endpoint}statements`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': '1.0.3',
        authorization: auth(client.xapiKey!, client.xapiSecret!),
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }

  it('answers /about with the supported version', async () => {
    const about = await xapi.getAbout();
    expect(about.data.version).toEqual(['1.0.3']);
    expect(about.headers['x-experience-api-version']).toBe('1.0.3');
  });

  it('turns an mbox agent passing every activity into 4 credentials for that e-mail', async () => {
    const response = await xapi.sendStatements({
      statements: statementsFor({
        objectType: 'Agent',
        name: 'Dana Agent',
        mbox: 'mailto:Dana.Agent@brokerage.example',
      }),
    });
    expect(response.data).toHaveLength(40);
    expect(response.data.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    await system.waitForCredentials(4);
    const credentials = await system.credentialsOf('dana.agent@brokerage.example');
    expect(credentials).toHaveLength(4);
    const identity = (
      credentials[0]!.credentialSubject as {
        identifier: { identityType: string; identityHash: string; salt: string }[];
      }
    ).identifier[0]!;
    expect(identity.identityType).toBe('emailAddress');
    expect(identity.identityHash).toBe(hashIdentity('dana.agent@brokerage.example', identity.salt));
  });

  it('issues to an account agent with an accountId identity', async () => {
    const account = { homePage: 'https://lms.brokerage.example', name: 'u-4711' };
    await xapi.sendStatements({ statements: statementsFor({ objectType: 'Agent', account }).slice(0, 10) });
    await system.waitForCredentials(5);
    const row = await system.db
      .selectFrom('credentials as c')
      .innerJoin('learners as l', 'l.id', 'c.learner_id')
      .select('c.document')
      .where('l.identity', '=', 'https://lms.brokerage.example|u-4711')
      .executeTakeFirstOrThrow();
    const identity = (
      row.document.credentialSubject as { identifier: { identityType: string; identityHash: string; salt: string }[] }
    ).identifier[0]!;
    expect(identity.identityType).toBe('accountId');
    expect(identity.identityHash).toBe(hashAccount('https://lms.brokerage.example|u-4711', identity.salt));
  });

  it('stores an exact duplicate once and refuses the same id with other content with 409', async () => {
    const id = randomUUID();
    const statement = { ...statementsFor({ mbox: 'mailto:dup@brokerage.example' })[0]!, id };
    expect((await post(statement)).status).toBe(200);
    const events = await countAssessmentEvents(system.db);
    const again = await post(statement);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual([id]);
    expect(await countAssessmentEvents(system.db)).toBe(events);
    const conflict = await post({ ...statement, result: { success: false } });
    expect(conflict.status).toBe(409);
    expect(await countAssessmentEvents(system.db)).toBe(events);
  });

  it('takes PUT with a statementId and answers 204', async () => {
    const id = randomUUID();
    const statement = statementsFor({ mbox: 'mailto:put@brokerage.example' })[0]!;
    const response = await fetch(`${endpoint}statements?statementId=${id}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': '1.0.3',
        authorization: auth(client.xapiKey!, client.xapiSecret!),
      },
      body: JSON.stringify(statement),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-experience-api-version')).toBe('1.0.3');
    const stored = await system.db
      .selectFrom('xapi_statements')
      .select('statement_id')
      .where('statement_id', '=', id)
      .executeTakeFirst();
    expect(stored?.statement_id).toBe(id);
  });

  it('refuses a missing version header, bad credentials and invalid statements, storing nothing', async () => {
    const events = await countAssessmentEvents(system.db);
    const statement = statementsFor({ mbox: 'mailto:bad@brokerage.example' })[0]!;
    expect((await post(statement, { 'x-experience-api-version': '' })).status).toBe(400);
    const wrong = await post(statement, { authorization: auth(client.xapiKey!, 'not-the-secret') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await post(statement, { authorization: '' })).status).toBe(401);
    const invalid = [
      { ...statement, actor: { name: 'nobody' } },
      { ...statement, actor: { mbox: 'mailto:a@b.example', account: { homePage: 'https://x.example', name: 'a' } } },
      { ...statement, verb: { id: 'not an iri' } },
      { ...statement, result: { score: { scaled: 1.5 } } },
      { ...statement, result: { score: { raw: 9, min: 10, max: 20 } } },
      { ...statement, unknown: true },
      [statement, { ...statement, id: 'not-a-uuid' }],
    ];
    for (const body of invalid) expect((await post(body)).status, JSON.stringify(body)).toBe(400);
    expect(await countAssessmentEvents(system.db)).toBe(events);
  });

  it('keeps a statement without a result and issues nothing for it', async () => {
    const { result: _result, ...bare } = statementsFor({ mbox: 'mailto:bare@brokerage.example' })[0]!;
    expect((await post(bare)).status).toBe(200);
    await system.waitForCredentials(5);
    const evidence = await system.db
      .selectFrom('evidence as v')
      .innerJoin('learners as l', 'l.id', 'v.learner_id')
      .select('v.passed')
      .where('l.identity', '=', 'bare@brokerage.example')
      .execute();
    expect(evidence).toEqual([{ passed: null }]);
  });

  it('retracts the evidence of a voided statement and re-evaluates, and refuses to void a voiding statement', async () => {
    const actor = { mbox: 'mailto:void@brokerage.example' };
    const statements = statementsFor(actor)
      .slice(0, 10)
      .map((s) => ({ ...s, id: randomUUID() }));
    await xapi.sendStatements({ statements: statements.slice(0, 9) });
    const target = statements[9]!;
    await xapi.sendStatement({ statement: target });
    await waitFor(
      async () =>
        (
          await system.db
            .selectFrom('evidence')
            .select('event_id')
            .where('statement_code', '=', 'emerging-10')
            .execute()
        ).length >= 2
          ? true
          : undefined,
      'the evidence of the statement to void',
    );
    await waitFor(
      async () => ((await system.credentialsOf('void@brokerage.example')).length === 1 ? true : undefined),
      'the emerging credential before voiding',
    );
    const voided = await xapi.voidStatement({ actor, statementId: target.id });
    expect(voided.data).toHaveLength(1);
    const event = await system.db
      .selectFrom('assessment_events')
      .select(['status', 'id'])
      .where('event_id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(event.status).toBe('voided');
    expect(
      await system.db.selectFrom('evidence').select('event_id').where('event_id', '=', event.id).execute(),
    ).toEqual([]);

    // The level it completed is no longer supported: reported to the operator, credential kept.
    const unsupported = await waitFor(async () => {
      const response = await system.app.inject({
        method: 'GET',
        url: '/admin/attainments/unsupported',
        headers: { authorization: `Bearer ${system.runtime.config.adminToken!}` },
      });
      const list = response.json<{ lmsUserId: string; level: string; credentialId: string | null }[]>();
      return list.find(
        (a) =>
          a.lmsUserId === `mbox_sha1sum:${createHash('sha1').update('mailto:void@brokerage.example').digest('hex')}`,
      );
    }, 'the unsupported level to be reported');
    expect(unsupported.level).toBe('emerging');
    expect(unsupported.credentialId).not.toBeNull();

    const voidVoid = await post({
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: voided.data[0] },
    });
    expect(voidVoid.status).toBe(400);
  });

  it('answers concurrent copies of one new statement with 200 each, storing it once', async () => {
    const statement = { ...statementsFor({ mbox: 'mailto:retry@brokerage.example' })[0]!, id: randomUUID() };
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(statement)));
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const stored = await system.db
      .selectFrom('xapi_statements')
      .select('statement_id')
      .where('statement_id', '=', statement.id)
      .execute();
    expect(stored).toHaveLength(1);
    const events = await system.db
      .selectFrom('assessment_events')
      .select('id')
      .where('event_id', '=', statement.id)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('voids a statement that arrives after its voiding statement, and keeps it voided when its mapping changes', async () => {
    const actor = { mbox: 'mailto:early-void@brokerage.example' };
    const target = { ...statementsFor(actor)[0]!, id: randomUUID() };
    const voiding = await post({
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: target.id },
    });
    expect(voiding.status).toBe(200);
    expect((await post(target)).status).toBe(200);
    const event = await system.db
      .selectFrom('assessment_events')
      .select(['id', 'status', 'activity_id'])
      .where('event_id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(event.status).toBe('voided');

    // A mapping change re-maps the activity's events, but not this one.
    await saveActivityMappings(
      system.db,
      [
        {
          activityId: event.activity_id,
          frameworkId: '41-3031.00',
          version: 'v.26.05',
          statements: ['emerging-1', 'emerging-2'],
        },
      ],
      new Date(),
      mapEventWork,
    );
    await waitFor(async () => ((await countOutbox(system.db)) === 0 ? true : undefined), 'the pipeline to settle');
    const after = await system.db
      .selectFrom('assessment_events')
      .select('status')
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('voided');
    expect(
      await system.db.selectFrom('evidence').select('event_id').where('event_id', '=', event.id).execute(),
    ).toEqual([]);
  });

  it('refuses a disabled client and the old key after a rotation, and a batch over the limit with 413', async () => {
    const other = await system.createClient('to disable');
    const adminCall = (url: string) =>
      system.app.inject({
        method: 'POST',
        url: `/admin${url}`,
        headers: { authorization: `Bearer ${system.runtime.config.adminToken!}` },
      });
    const statement = statementsFor({ mbox: 'mailto:disabled@brokerage.example' })[0]!;
    const asOther = (key: string, secret: string) => post(statement, { authorization: auth(key, secret) });
    await adminCall(`/lms-clients/${other.id}/disable`);
    expect((await asOther(other.xapiKey!, other.xapiSecret!)).status).toBe(401);
    await adminCall(`/lms-clients/${other.id}/enable`);
    const rotated = (await adminCall(`/lms-clients/${other.id}/rotate`)).json<{
      xapiKey: string;
      xapiSecret: string;
    }>();
    expect((await asOther(other.xapiKey!, other.xapiSecret!)).status).toBe(401);
    expect((await asOther(rotated.xapiKey, rotated.xapiSecret)).status).toBe(200);

    const tooMany = Array.from({ length: system.runtime.config.ingest.maxBatch + 1 }, () => statement);
    const refused = await post(tooMany);
    expect(refused.status).toBe(413);
  });

  it('takes an mbox and the mbox_sha1sum of the same inbox as one learner', async () => {
    const sha1 = createHash('sha1').update('mailto:same@brokerage.example').digest('hex');
    await post(statementsFor({ mbox_sha1sum: sha1 })[0]!);
    await post(statementsFor({ mbox: 'mailto:same@brokerage.example' })[1]!);
    const learners = await system.db
      .selectFrom('learners')
      .select(['identity_type', 'identity'])
      .where('lms_user_id', '=', `mbox_sha1sum:${sha1}`)
      .execute();
    expect(learners).toEqual([{ identity_type: 'emailAddress', identity: 'same@brokerage.example' }]);
  });
});
