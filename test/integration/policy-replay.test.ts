import { countOutbox, requeueEventsForReplay, saveActivityMappings } from '@attain/db';
import { mapEventWork } from '@attain/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;

describe('policies as versioned data, and replay', () => {
  let system: TestSystem;
  let client: TestClient;
  const learner = { id: 'p-1', email: 'policy@brokerage.example', name: 'P' };

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  async function admin(method: 'GET' | 'PUT', url: string, payload?: unknown) {
    const response = await system.app.inject({
      method,
      url: `/admin${url}`,
      headers: { authorization: `Bearer ${system.runtime.config.adminToken!}` },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: response.statusCode, json: response.json<Json>() };
  }

  async function idle(): Promise<void> {
    await waitFor(async () => ((await countOutbox(system.db)) === 0 ? true : undefined), 'the pipeline to finish');
  }

  it('issues what a lowered threshold newly earns on replay, once, with the validity of the new policy version', async () => {
    await system.post(client, system.passingResults(learner, 0.75));
    await idle();
    expect(await system.credentialCount()).toBe(0);

    const current = await admin('GET', '/policies/41-3031.00/v.26.05');
    expect(current.json).toMatchObject({ policyVersion: 1, policy: { threshold: 0.8 } });
    const policy = current.json.policy as { levels: Json[] };
    const changed = await admin('PUT', '/policies/41-3031.00/v.26.05', {
      ...policy,
      threshold: 0.7,
      levels: policy.levels.map((l) => (l.level === 'emerging' ? { ...l, validityDays: 365 } : l)),
    });
    expect(changed.status).toBe(200);
    expect(changed.json.policyVersion).toBe(2);

    // Nothing happens to stored results until they are replayed.
    await idle();
    expect(await system.credentialCount()).toBe(0);
    const learnerId = (
      await system.db
        .selectFrom('learners')
        .select('id')
        .where('lms_user_id', '=', learner.id)
        .executeTakeFirstOrThrow()
    ).id;
    const replay = await requeueEventsForReplay(system.db, { learnerIds: [learnerId] }, new Date(), mapEventWork);
    expect(replay.work).toHaveLength(40);
    await system.runtime.producer.dispatch(replay.work);
    await system.waitForCredentials(4);

    const [emerging] = await system.db
      .selectFrom('credentials as c')
      .innerJoin('attainments as a', 'a.id', 'c.attainment_id')
      .select(['c.valid_from', 'c.valid_until', 'a.policy_version'])
      .where('a.level_key', '=', 'emerging')
      .execute();
    expect(emerging?.policy_version).toBe(2);
    expect(new Date(emerging!.valid_until!).getTime() - emerging!.valid_from.getTime()).toBe(365 * 86_400_000);
    const credentials = await system.credentialsOf(learner.email);
    expect(credentials.filter((c) => c.validUntil !== undefined)).toHaveLength(1);

    // Replaying again earns nothing new and never a second credential.
    const again = await requeueEventsForReplay(system.db, {}, new Date(), mapEventWork);
    await system.runtime.producer.dispatch(again.work);
    await idle();
    expect(await system.credentialCount()).toBe(4);
  });

  it('after a mapping change (which re-queues the activity by itself) and a replay, exactly the newly earned credentials exist', async () => {
    const other = { id: 'p-2', email: 'mapping@brokerage.example', name: 'Q' };
    // Everything but developing-1's own activity; one course the agent took covers emerging-1.
    const results = system
      .passingResults(other, 0.95)
      .filter((r) => !r.activityId.endsWith('/developing-1'))
      .map((r) =>
        r.activityId.endsWith('/emerging-1') ? { ...r, activityId: 'https://lms.test/activities/capstone' } : r,
      );
    await saveActivityMappings(
      system.db,
      [
        {
          activityId: 'https://lms.test/activities/capstone',
          frameworkId: '41-3031.00',
          version: 'v.26.05',
          statements: ['emerging-1'],
        },
      ],
      new Date(),
      mapEventWork,
    );
    const before = await system.credentialCount();
    await system.post(client, results);
    await system.waitForCredentials(before + 1); // emerging only: developing lacks developing-1

    // The programme decides the capstone also demonstrates developing-1.
    const { requeued } = await saveActivityMappings(
      system.db,
      [
        {
          activityId: 'https://lms.test/activities/capstone',
          frameworkId: '41-3031.00',
          version: 'v.26.05',
          statements: ['emerging-1', 'developing-1'],
        },
      ],
      new Date(),
      mapEventWork,
    );
    await system.runtime.producer.dispatch(requeued);
    const learnerId = (
      await system.db.selectFrom('learners').select('id').where('lms_user_id', '=', other.id).executeTakeFirstOrThrow()
    ).id;
    const replay = await requeueEventsForReplay(system.db, { learnerIds: [learnerId] }, new Date(), mapEventWork);
    await system.runtime.producer.dispatch(replay.work);
    // developing, proficient and advanced are newly earned; emerging is not issued twice.
    await system.waitForCredentials(before + 4);
    expect((await system.credentialsOf(other.email)).length).toBe(4);
  });

  it('refuses an invalid policy naming the field, and keeps the one in force', async () => {
    const refused = await admin('PUT', '/policies/41-3031.00/v.26.05', { version: 1, threshold: 1.5, levels: [] });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'invalid_policy', errors: [{ pointer: '/threshold' }] });
    const inForce = (await admin('GET', '/policies/41-3031.00/v.26.05')).json;
    expect(inForce.policyVersion).toBe(2);
    // The same policy again adds no version.
    expect((await admin('PUT', '/policies/41-3031.00/v.26.05', inForce.policy)).json.policyVersion).toBe(2);
    expect((await admin('GET', '/policies/41-3031.00/v.99')).status).toBe(404);
  });
});
