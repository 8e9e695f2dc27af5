import { listAuditEvents } from '@attain/db';
import { sql } from 'kysely';
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
    await system.admin('POST', '/admin/issuers', { id: 'academy', name: 'Brokerage Academy (misspelt)' });
    await system.admin('PUT', '/admin/issuers/academy/frameworks/41-3031.00');
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  const issueFor = async (id: string): Promise<Json> => {
    const email = `${id}@brokerage.example`;
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

  it('re-issues with the corrected issuer name: same id, issuer, awardedDate and status entry', async () => {
    const original = await issueFor('corr-1');
    const id = (original.id as string).slice('urn:uuid:'.length);
    expect((original.issuer as Json).name).toBe('Brokerage Academy (misspelt)');
    await system.admin('PATCH', '/admin/issuers/academy', { name: 'Brokerage Academy' });
    system.advanceClock(5_000);

    const corrected = await system.admin('POST', `/admin/credentials/${id}/correct`, {
      reason: 'issuer name was misspelt',
    });
    expect(corrected).toMatchObject({ statusCode: 200, json: { credentialId: original.id, version: 2 } });
    const served = (await system.app.inject({ method: 'GET', url: `/credentials/${id}` })).json<Json>();
    expect(served).toEqual(corrected.json.credential);
    expect(served.id).toBe(original.id);
    expect(served.issuer).toEqual({ ...(original.issuer as Json), name: 'Brokerage Academy' });
    expect(served.awardedDate).toBe(original.awardedDate);
    expect(served.validUntil).toBe(original.validUntil);
    expect(served.credentialStatus).toEqual(original.credentialStatus);
    expect(served.credentialSubject).toEqual(original.credentialSubject);
    expect(Date.parse(served.validFrom as string)).toBeGreaterThan(Date.parse(original.validFrom as string));
    expect(await verify(served)).toBe(true);

    const versions = await system.admin('GET', `/admin/credentials/${id}/versions`);
    const list = versions.json as unknown as {
      version: number;
      reason: string | null;
      credential: Json;
      supersededAt: string | null;
    }[];
    expect(list.map((v) => [v.version, v.reason, v.supersededAt === null])).toEqual([
      [1, 'issuer name was misspelt', false],
      [2, null, true],
    ]);
    expect(list[0]!.credential).toEqual(original);

    const events = (await listAuditEvents(system.db, { subject: id })).reverse();
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['credential.issued', null],
      ['credential.corrected', 'issuer name was misspelt'],
    ]);
  });

  it('gives a credential issued before status lists its status entry, so it can then be revoked', async () => {
    const credential = await issueFor('corr-legacy');
    const id = (credential.id as string).slice('urn:uuid:'.length);
    // As if issued before status lists existed.
    await sql`delete from status_entries where credential_id = ${credential.id}`.execute(system.db);
    expect(await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'x' })).toMatchObject({
      statusCode: 409,
      json: { code: 'no_status_entry' },
    });
    const corrected = await system.admin('POST', `/admin/credentials/${id}/correct`, { reason: 'add a status entry' });
    expect((corrected.json.credential as Json).credentialStatus).toMatchObject({ statusPurpose: 'revocation' });
    expect((await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'now possible' })).statusCode).toBe(
      200,
    );
  });

  it('refuses to correct without a reason, an unknown, a revoked or an expired credential', async () => {
    const credential = await issueFor('corr-2');
    const id = (credential.id as string).slice('urn:uuid:'.length);
    expect((await system.admin('POST', `/admin/credentials/${id}/correct`, {})).statusCode).toBe(400);
    expect(
      await system.admin('POST', '/admin/credentials/00000000-0000-4000-8000-000000000000/correct', { reason: 'x' }),
    ).toMatchObject({ statusCode: 404, json: { code: 'credential_not_found' } });
    await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'fraud' });
    expect(await system.admin('POST', `/admin/credentials/${id}/correct`, { reason: 'x' })).toMatchObject({
      statusCode: 409,
      json: { code: 'credential_revoked' },
    });
    expect((await system.admin('GET', `/admin/credentials/${id}/versions`)).json).toHaveLength(1);

    const other = await issueFor('corr-3');
    await sql`update credentials set valid_until = now() - interval '1 day' where id = ${(other.id as string).slice(9)}`.execute(
      system.db,
    );
    expect(
      await system.admin('POST', `/admin/credentials/${(other.id as string).slice(9)}/correct`, { reason: 'x' }),
    ).toMatchObject({
      statusCode: 409,
      json: { code: 'credential_expired' },
    });
  });
});
