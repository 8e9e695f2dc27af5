import { randomUUID } from 'node:crypto';
import { createEd25519Signer, didKeyIdentifiers, generateEd25519Key } from '@attain/credentials';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockVerify } from '../support/stock-suite.js';
import { TestSystem } from '../support/test-system.js';

type Json = Record<string, unknown>;
const V2 = 'https://www.w3.org/ns/credentials/v2';
const V1 = 'https://www.w3.org/2018/credentials/v1';

const v2Credential = (extra: Json = {}): Json => ({
  '@context': [V2],
  type: ['VerifiableCredential'],
  credentialSubject: { id: 'did:example:agent-7', name: 'Series 7 exam passed' },
  ...extra,
});

describe('VC-API: POST /credentials/issue, /credentials/status, /presentations/verify', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  // As the W3C suites do: a credential without `issuer` (the key absent, not null) gets this service's.
  const issue = (body: unknown) => {
    const { credential } = body as { credential?: unknown };
    const filled =
      typeof credential === 'object' && credential !== null && !('issuer' in credential)
        ? { ...(body as Json), credential: { ...credential, issuer: system.runtime.issuer.did } }
        : body;
    return system.admin('POST', '/credentials/issue', filled);
  };
  const verify = async (credential: unknown) => {
    const response = await system.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: credential },
    });
    return { statusCode: response.statusCode, report: response.json<{ verified: boolean; status: string }>() };
  };
  const stored = async () => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from vc_api_credentials`.execute(system.db);
    return Number(rows[0]?.n);
  };

  it('signs a VC 2.0 credential as this issuer, with a revocation entry, that verifies here and in the stock library', async () => {
    const id = `urn:uuid:${randomUUID()}`;
    const response = await issue({ credential: v2Credential({ id, validFrom: '2026-01-01T00:00:00Z' }) });
    expect(response.statusCode).toBe(201);
    const signed = response.json.verifiableCredential as Json;
    expect(signed).toMatchObject({
      id,
      issuer: system.runtime.issuer.did,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' }],
    });
    expect(await verify(signed)).toMatchObject({ statusCode: 200, report: { verified: true, status: 'active' } });
    expect(await stockVerify(system, signed)).toEqual({ verified: true, statusBits: [false] });

    const revoke = await system.admin('POST', '/credentials/status', {
      credentialId: id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      status: true,
      reason: 'issued to the wrong agent',
    });
    expect(revoke).toMatchObject({ statusCode: 200, json: { status: 'revoked' } });
    expect(await verify(signed)).toMatchObject({ statusCode: 422, report: { verified: false, status: 'revoked' } });
  });

  it('signs a VC 1.1 credential, adding issuanceDate and the status list context', async () => {
    const response = await issue({
      credential: {
        '@context': [V1],
        type: ['VerifiableCredential'],
        credentialSubject: { id: 'did:example:agent-8' },
      },
    });
    expect(response.statusCode).toBe(201);
    const signed = response.json.verifiableCredential as Json;
    expect(signed['@context']).toEqual([
      V1,
      'https://www.w3.org/ns/credentials/status/v1',
      'https://w3id.org/security/data-integrity/v2',
    ]);
    expect(typeof signed.issuanceDate).toBe('string');
    expect(signed.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(await verify(signed)).toMatchObject({ statusCode: 200, report: { verified: true, status: 'active' } });
    expect((await stockVerify(system, signed)).verified).toBe(true);
  });

  it.each<[string, unknown, number, string, string?]>([
    ['the body names verifiableCredential', { verifiableCredential: v2Credential() }, 400, 'invalid_request'],
    ['id is null', { credential: v2Credential({ id: null }) }, 400, 'invalid_credential', '/credential/id'],
    [
      'id is not a URL',
      { credential: v2Credential({ id: 'https ://not-a-url' }) },
      400,
      'invalid_credential',
      '/credential/id',
    ],
    [
      '@context is missing',
      { credential: { type: ['VerifiableCredential'], credentialSubject: { a: 1 } } },
      400,
      'invalid_credential',
      '/credential/@context',
    ],
    ['type is empty', { credential: v2Credential({ type: [] }) }, 400, 'invalid_credential', '/credential/type'],
    [
      'the subject is a string',
      { credential: v2Credential({ credentialSubject: 'did:example:1' }) },
      400,
      'invalid_credential',
      '/credential/credentialSubject',
    ],
    [
      'the subject makes no claim',
      { credential: v2Credential({ credentialSubject: {} }) },
      400,
      'invalid_credential',
      '/credential/credentialSubject',
    ],
    [
      'credentialSchema has no type',
      { credential: v2Credential({ credentialSchema: { id: 'https://example.org/s.json' } }) },
      400,
      'invalid_credential',
      '/credential/credentialSchema/type',
    ],
    [
      'validFrom has no time zone',
      { credential: v2Credential({ validFrom: '2026-01-01T00:00:00' }) },
      400,
      'invalid_credential',
      '/credential/validFrom',
    ],
    [
      'validUntil is before validFrom',
      { credential: v2Credential({ validFrom: '2026-01-02T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' }) },
      400,
      'invalid_credential',
      '/credential/validUntil',
    ],
    ['issuer is null', { credential: v2Credential({ issuer: null }) }, 400, 'invalid_credential', '/credential/issuer'],
    [
      'issuer is somebody else',
      { credential: v2Credential({ issuer: 'did:example:another-brokerage' }) },
      400,
      'issuer_mismatch',
      '/credential/issuer',
    ],
    [
      'it is already signed',
      { credential: v2Credential({ proof: { type: 'DataIntegrityProof' } }) },
      400,
      'invalid_credential',
      '/credential/proof',
    ],
    [
      'credentialStatus is given (the issuer assigns it)',
      {
        credential: v2Credential({
          credentialStatus: { id: 'https://example.org/sl/1#5', type: 'BitstringStatusListEntry' },
        }),
      },
      400,
      'invalid_credential',
      '/credential/credentialStatus',
    ],
    [
      'options.credentialId is not the credential id',
      {
        credential: v2Credential({ id: 'urn:uuid:7f6a1b52-0000-4000-8000-000000000001' }),
        options: { credentialId: 'urn:uuid:7f6a1b52-0000-4000-8000-000000000002' },
      },
      400,
      'invalid_options',
    ],
    [
      'an option is unknown',
      { credential: v2Credential(), options: { mandatoryPointers: ['/issuer'] } },
      400,
      'unknown_option_provided',
    ],
    [
      'a term is undefined by its contexts',
      { credential: v2Credential({ favouriteColour: 'green' }) },
      422,
      'credential_not_signable',
    ],
    [
      'a context is not one this service has',
      { credential: v2Credential({ '@context': [V2, 'https://example.org/ctx.json'] }) },
      422,
      'credential_not_signable',
    ],
  ])('refuses a credential where %s, and keeps nothing', async (_name, body, status, code, pointer) => {
    const before = await stored();
    const response = await issue(body);
    expect(response.statusCode).toBe(status);
    expect(response.json.code).toBe(code);
    if (pointer !== undefined)
      expect((response.json.errors as { pointer: string }[]).map((e) => e.pointer)).toContain(pointer);
    expect(await stored()).toBe(before);
  });

  it('needs an admin token, and refuses a second credential under one id', async () => {
    const anonymous = await system.app.inject({
      method: 'POST',
      url: '/credentials/issue',
      payload: { credential: v2Credential() },
    });
    expect(anonymous.statusCode).toBe(401);
    const id = `urn:uuid:${randomUUID()}`;
    expect((await issue({ credential: v2Credential({ id }) })).statusCode).toBe(201);
    expect(await issue({ credential: v2Credential({ id }) })).toMatchObject({
      statusCode: 409,
      json: { code: 'duplicate_credential_id' },
    });
  });

  it('verifies a presentation: the holder’s proof, the challenge, the domain and each credential', async () => {
    const credential = (await issue({ credential: v2Credential() })).json.verifiableCredential as Json;
    const key = await generateEd25519Key();
    const { did, verificationMethodId } = didKeyIdentifiers(key.publicKeyMultibase);
    const suite = new DataIntegrityProof({ signer: createEd25519Signer(key, verificationMethodId), cryptosuite });
    const present = (content: Json, challenge: string, domain = 'employer.example') =>
      vc.signPresentation({
        presentation: {
          '@context': [V2],
          type: ['VerifiablePresentation'],
          holder: did,
          verifiableCredential: [content],
          ...{},
        },
        suite,
        documentLoader: system.runtime.issuer.documentLoader,
        challenge,
        domain,
      });
    const check = async (presentation: unknown, options: Json) => {
      const response = await system.app.inject({
        method: 'POST',
        url: '/presentations/verify',
        payload: { verifiablePresentation: presentation, options },
      });
      const body = response.json<{
        verified: boolean;
        checks?: { check: string; ok: boolean }[];
        credentials: { verified: boolean }[];
      }>();
      return { statusCode: response.statusCode, body, failed: body.checks?.filter((c) => !c.ok).map((c) => c.check) };
    };

    const good = await present(credential, 'c-123');
    const ok = await check(good, { challenge: 'c-123', domain: 'employer.example' });
    expect(ok).toMatchObject({
      statusCode: 200,
      body: { verified: true, holder: did, credentials: [{ verified: true }] },
    });
    expect((await check(good, { challenge: 'c-999', domain: 'employer.example' })).failed).toContain('challenge');
    expect((await check(good, { challenge: 'c-123', domain: 'elsewhere.example' })).failed).toContain('domain');
    expect((await check(good, {})).statusCode).toBe(400);

    const forged = await present(
      { ...credential, credentialSubject: { id: 'did:example:someone-else', name: 'x' } },
      'c-123',
    );
    const refused = await check(forged, { challenge: 'c-123', domain: 'employer.example' });
    expect(refused).toMatchObject({ statusCode: 422, body: { verified: false, credentials: [{ verified: false }] } });
    expect(refused.failed).toEqual([]); // the presentation itself is fine; the credential inside is not
  });
});
