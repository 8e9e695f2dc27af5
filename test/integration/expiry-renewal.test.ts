import { listAuditEvents, listCredentials } from '@attain/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;
const DAY = 86_400_000;

describe('expiry and renewal: validUntil from the level policy', () => {
  let system: TestSystem;
  let client: TestClient;
  const learner = { id: 'exp-1', email: 'exp-1@brokerage.example', name: 'E' };

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient();
    await system.mapEveryStatement();
    const current = await system.admin('GET', '/admin/policies/41-3031.00/v.26.05');
    const policy = current.json.policy as { levels: Json[] };
    const saved = await system.admin('PUT', '/admin/policies/41-3031.00/v.26.05', {
      ...policy,
      levels: policy.levels.map((l) => (l.level === 'emerging' ? { ...l, validityDays: 30 } : l)),
    });
    expect(saved.statusCode).toBe(200);
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  const verify = async (credential: unknown) => {
    const response = await system.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: credential },
    });
    return response.json<{ verified: boolean; checks: { check: string; ok: boolean; message: string }[] }>();
  };
  const emerging = () => system.passingResults(learner).slice(0, 10);

  it('expires after validityDays, renews only when the level is attained again after expiry', async () => {
    await system.post(client, emerging());
    await system.waitForCredentials(1);
    const [first] = (await system.credentialsOf(learner.email)) as [Json];
    const validFrom = Date.parse(first.validFrom as string);
    expect(Date.parse(first.validUntil as string) - validFrom).toBe(30 * DAY);
    expect((await verify(first)).verified).toBe(true);

    // Passing again before expiry changes nothing.
    system.advanceClock(10 * DAY);
    await system.post(client, emerging());
    await system.waitForCredentials(1); // the pipeline is idle again, with still one credential

    system.advanceClock(21 * DAY);
    const expired = await verify(first);
    expect(expired.verified).toBe(false);
    expect(expired.checks.filter((c) => !c.ok)).toEqual([
      {
        check: 'validity',
        ok: false,
        outcome: 'failed',
        message: expect.stringMatching(/^This credential expired on /) as unknown,
      },
    ]);

    // Results from before the expiry do not renew it; new ones do.
    await system.post(client, [emerging()[0]!]);
    await system.waitForCredentials(1);
    await system.post(client, emerging());
    await system.waitForCredentials(2);

    const summaries = await listCredentials(system.db, { email: learner.email });
    const renewedId = summaries.map((c) => c.id).find((id) => `urn:uuid:${id}` !== first.id)!;
    const renewed = (await system.app.inject({ method: 'GET', url: `/credentials/${renewedId}` })).json<Json>();
    expect(renewed.id).not.toBe(first.id);
    expect(Date.parse(renewed.validFrom as string)).toBeGreaterThan(validFrom + 30 * DAY);
    expect(Date.parse(renewed.validUntil as string) - Date.parse(renewed.validFrom as string)).toBe(30 * DAY);
    expect(Date.parse(renewed.awardedDate as string)).toBeGreaterThan(validFrom + 30 * DAY);
    expect((renewed.credentialStatus as Json).statusListIndex).not.toBe(
      (first.credentialStatus as Json).statusListIndex,
    );
    expect((await verify(renewed)).verified).toBe(true);
    expect((await verify(first)).verified).toBe(false);

    const events = await listAuditEvents(system.db, { subject: renewedId });
    expect(events.map((e) => [e.action, e.data])).toEqual([
      ['credential.renewed', expect.objectContaining({ round: 2, level: 'emerging' }) as unknown],
    ]);
  });
});
