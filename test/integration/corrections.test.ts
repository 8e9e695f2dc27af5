import { hashIdentity } from '@attain/credentials';
import { listAuditEvents } from '@attain/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;

describe('corrections: same id and issuer, newer validFrom, original awardedDate, earlier versions kept', () => {
  let system: TestSystem;
  let client: TestClient;

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  const issueFor = async (id: string, email: string): Promise<Json> => {
    const before = await system.credentialCount();
    await system.post(client, system.passingResults({ id, email, name: id }).slice(0, 10));
    await system.waitForCredentials(before + 1);
    return (await system.credentialsOf(email))[0]!;
  };
  const verify = async (credential: unknown) =>
    (
      await system.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: credential },
      })
    ).json<{ verified: boolean }>().verified;
  const identityOf = (credential: Json) =>
    ((credential.credentialSubject as Json).identifier as { identityHash: string; salt: string }[])[0]!;

  it('corrects a mistyped e-mail: the credential keeps its id, issuer, awardedDate and status entry', async () => {
    const original = await issueFor('corr-1', 'agent.wrong@brokerage.example');
    const id = (original.id as string).slice('urn:uuid:'.length);
    system.advanceClock(5_000);

    const corrected = await system.admin('POST', `/admin/credentials/${id}/correct`, {
      reason: 'recipient e-mail was mistyped in the LMS',
      email: 'agent.right@brokerage.example',
    });
    expect(corrected).toMatchObject({ statusCode: 200, json: { credentialId: original.id, version: 2 } });
    const served = (await system.app.inject({ method: 'GET', url: `/credentials/${id}` })).json<Json>();
    expect(served).toEqual(corrected.json.credential);
    expect(served.id).toBe(original.id);
    expect(served.issuer).toEqual(original.issuer);
    expect(served.awardedDate).toBe(original.awardedDate);
    expect(served.credentialStatus).toEqual(original.credentialStatus);
    expect(Date.parse(served.validFrom as string)).toBeGreaterThan(Date.parse(original.validFrom as string));
    const identity = identityOf(served);
    expect(identity.identityHash).toBe(hashIdentity('agent.right@brokerage.example', identity.salt));
    expect(await verify(served)).toBe(true);

    const versions = await system.admin('GET', `/admin/credentials/${id}/versions`);
    expect(versions.statusCode).toBe(200);
    const list = versions.json as unknown as {
      version: number;
      reason: string | null;
      credential: Json;
      supersededAt: string | null;
    }[];
    expect(list.map((v) => [v.version, v.reason, v.supersededAt === null])).toEqual([
      [1, 'recipient e-mail was mistyped in the LMS', false],
      [2, null, true],
    ]);
    expect(list[0]!.credential).toEqual(original);

    const events = (await listAuditEvents(system.db, { subject: id })).reverse();
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['credential.issued', null],
      ['credential.corrected', 'recipient e-mail was mistyped in the LMS'],
    ]);
  });

  it('refuses to correct without a reason, an unknown credential, or a revoked one', async () => {
    const credential = await issueFor('corr-2', 'corr-2@brokerage.example');
    const id = (credential.id as string).slice('urn:uuid:'.length);
    expect((await system.admin('POST', `/admin/credentials/${id}/correct`, {})).statusCode).toBe(400);
    expect(
      (await system.admin('POST', `/admin/credentials/${id}/correct`, { reason: 'x', email: 'not-an-email' }))
        .statusCode,
    ).toBe(400);
    expect(
      await system.admin('POST', '/admin/credentials/00000000-0000-4000-8000-000000000000/correct', { reason: 'x' }),
    ).toMatchObject({ statusCode: 404, json: { code: 'credential_not_found' } });
    await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'fraud' });
    expect(await system.admin('POST', `/admin/credentials/${id}/correct`, { reason: 'x' })).toMatchObject({
      statusCode: 409,
      json: { code: 'credential_revoked' },
    });
    expect((await system.admin('GET', `/admin/credentials/${id}/versions`)).json).toHaveLength(1);
  });
});
