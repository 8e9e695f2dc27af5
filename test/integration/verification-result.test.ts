import { bakePng, svgToPng, renderBadgeSvg } from '@attain/badges';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem } from '../support/test-system.js';

// The published verification result (VerifyResponseSchema; README "Verification"), from both POST /credentials/verify and
// POST /verify/check: one verdict, per-check outcomes, and claims only for a genuine credential.

type Json = Record<string, unknown>;
interface Result {
  verified: boolean;
  verifiedAt: string;
  state: string;
  checks: { check: string; ok: boolean; outcome: string; message: string }[];
  credentialId?: string;
  issuer?: string;
  status?: string;
  statusDetail?: { since: string; reason?: string };
  validFrom?: string;
  issuerProfile?: Json;
  recipient?: { name?: string; identity?: Json };
  badge?: Json;
  summary?: Json & { source: string };
}

describe('the verification result', () => {
  let system: TestSystem;
  let credential: Json;

  beforeAll(async () => {
    system = await TestSystem.start();
    credential = await system.issueFirstLevel({ id: 'r-1', email: 'result@brokerage.example', name: 'Rita Result' });
  });
  afterAll(async () => {
    await system.close();
  });

  const verify = async (verifiableCredential: unknown) => {
    const response = await system.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential },
    });
    return { statusCode: response.statusCode, result: response.json<Result>() };
  };
  const uuid = () => String(credential.id).slice('urn:uuid:'.length);

  it('says who it was issued to, by which recognised issuer, and what it is, for a genuine credential', async () => {
    const before = Date.now();
    const { statusCode, result } = await verify(credential);
    expect(statusCode).toBe(200);
    expect(result).toMatchObject({
      verified: true,
      state: 'valid',
      credentialId: credential.id,
      issuer: system.runtime.issuer.did,
      status: 'active',
      validFrom: credential.validFrom,
      issuerProfile: {
        id: system.runtime.issuer.did,
        name: system.runtime.issuer.profile.name,
        page: '/issuers/default',
        recognised: true,
      },
      recipient: {
        name: 'Rita Result',
        identity: {
          identityType: 'emailAddress',
          hashed: true,
          identityHash: expect.stringMatching(/^sha256\$/) as unknown,
        },
      },
      badge: { page: `/badges/${uuid()}`, image: `/badges/${uuid()}/image.png`, level: expect.any(String) as unknown },
      summary: { issuer: system.runtime.issuer.profile.name, source: 'JSON' },
    });
    expect(result.checks.every((c) => c.ok && c.outcome === 'passed')).toBe(true);
    expect(Date.parse(result.verifiedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('repeats none of a forged credential’s claims and marks the dependent checks not checked', async () => {
    const forged = { ...credential, name: 'Expert — forged', validUntil: '2020-01-01T00:00:00Z' };
    const { statusCode, result } = await verify(forged);
    expect(statusCode).toBe(422);
    expect(result).toMatchObject({ verified: false, state: 'invalid', credentialId: credential.id });
    expect(result.checks.map((c) => [c.check, c.outcome])).toEqual([
      ['structure', 'passed'],
      ['signature', 'failed'],
      ['issuer', 'not-checked'],
      ['validity', 'not-checked'],
      ['status', 'not-checked'],
    ]);
    for (const claim of ['summary', 'recipient', 'issuerProfile', 'badge', 'validFrom', 'validUntil', 'statusDetail'])
      expect(result, claim).not.toHaveProperty(claim);
    expect(JSON.stringify(result)).not.toContain('forged');
  });

  it('answers the same from /verify/check for the badge’s baked PNG, with where it was read from', async () => {
    const png = bakePng(
      svgToPng(
        renderBadgeSvg({
          levelLabel: 'Developing',
          levelIndex: 0,
          levelCount: 4,
          frameworkTitle: 'Test',
          frameworkCode: 'T-1',
          issuerName: 'Test',
        }),
      ),
      JSON.stringify(credential),
    );
    const response = await system.app.inject({
      method: 'POST',
      url: '/verify/check',
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<Result>()).toMatchObject({
      verified: true,
      state: 'valid',
      recipient: { name: 'Rita Result' },
      summary: { source: 'a baked PNG image' },
    });
  });

  it('is revoked, with when and why from this service’s records', async () => {
    const revoked = await system.admin('POST', `/admin/credentials/${uuid()}/revoke`, {
      reason: 'awarded in error',
    });
    expect(revoked.statusCode).toBe(200);
    // The verifier reads our status list as published: wait until a worker has re-signed it.
    await waitFor(
      async () => {
        const { rows } = await sql<{ n: string }>`select count(*) as n from status_lists
          where published_version is distinct from version`.execute(system.db);
        return rows[0]?.n === '0' ? true : undefined;
      },
      'status lists re-signed',
      15_000,
    );
    const answer = await verify(credential);
    expect(answer.statusCode).toBe(422);
    expect(answer.result).toMatchObject({
      verified: false,
      state: 'revoked',
      status: 'revoked',
      statusDetail: { since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown, reason: 'awarded in error' },
      recipient: { name: 'Rita Result' },
    });
  });

  it('tells expired from forged: a genuine credential past validUntil is expired', async () => {
    const key = system.runtime.issuer;
    const response = await system.admin('POST', '/credentials/issue', {
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: key.did,
        validFrom: '2020-01-01T00:00:00Z',
        validUntil: '2021-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:agent-9', name: 'Series 7 exam passed' },
      },
    });
    expect(response.statusCode).toBe(201);
    const { statusCode, result } = await verify(response.json.verifiableCredential);
    expect(statusCode).toBe(422);
    expect(result).toMatchObject({ state: 'expired', validUntil: '2021-01-01T00:00:00Z' });
    // Not one of our badges: no recipient name, no badge page; the issuer is still ours.
    expect(result).not.toHaveProperty('badge');
    expect(result.recipient?.name).toBeUndefined();
    expect(result.issuerProfile).toMatchObject({ recognised: true });
  });
});
