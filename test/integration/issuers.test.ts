import { validateOpenBadgeSchema } from '@attain/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockVerify } from '../support/stock-suite.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;
const ACADEMY = {
  id: 'academy',
  name: 'Brokerage Training Academy',
  url: 'https://academy.brokerage.example',
  email: 'credentials@academy.brokerage.example',
  image: 'https://academy.brokerage.example/logo.png',
};

describe.each([['key'], ['web']])('several issuers in one deployment (did:%s)', (method) => {
  let system: TestSystem;
  let client: TestClient;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { ISSUER_DID_METHOD: method, ISSUER_NAME: 'Acme Brokerage' } });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  const verify = async (credential: unknown) =>
    (
      await system.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: credential },
      })
    ).json<{ verified: boolean; issuer: string }>();

  it('signs a framework’s credentials as the issuer it is assigned to, with that issuer’s profile', async () => {
    const created = await system.admin('POST', '/admin/issuers', ACADEMY);
    expect(created.statusCode).toBe(201);
    const did = created.json.did as string;
    expect(did).not.toBe(system.runtime.issuer.did);
    if (method === 'web') {
      expect(did).toBe('did:web:attain.test:issuers:academy');
      const document = await system.app.inject({ method: 'GET', url: '/issuers/academy/did.json' });
      expect(document.json<Json>()).toMatchObject({
        id: did,
        assertionMethod: [expect.stringMatching(/^did:web:attain\.test:issuers:academy#key-\d+$/)],
      });
    }
    expect((await system.admin('PUT', '/admin/issuers/academy/frameworks/41-3031.00')).statusCode).toBe(200);
    await system.runtime.refreshIssuer();

    await system.post(
      client,
      system.passingResults({ id: 'iss-1', email: 'iss-1@brokerage.example', name: 'I' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    const [credential] = (await system.credentialsOf('iss-1@brokerage.example')) as [Json];
    expect(credential.issuer).toEqual({
      id: did,
      type: ['Profile'],
      name: ACADEMY.name,
      url: ACADEMY.url,
      email: ACADEMY.email,
      image: { id: ACADEMY.image, type: 'Image' },
    });
    expect(validateOpenBadgeSchema(credential)).toEqual({ valid: true, errors: [] });
    expect(await verify(credential)).toMatchObject({ verified: true, issuer: did });
    expect(await stockVerify(system, credential)).toEqual({ verified: true, statusBits: [false] });

    const profile = await system.app.inject({ method: 'GET', url: '/issuers/academy' });
    expect(profile.json<Json>()).toMatchObject({
      id: did,
      type: ['Profile'],
      name: ACADEMY.name,
      email: ACADEMY.email,
    });
    expect((await system.app.inject({ method: 'GET', url: '/issuers/default' })).json<Json>()).toMatchObject({
      id: system.runtime.issuer.did,
      name: 'Acme Brokerage',
    });
  });

  it('lets the VC-API choose among the issuers by `issuer`, and refuses one it does not have', async () => {
    const academy = system.runtime.issuers.bySlug('academy')!;
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:x' },
    };
    const signed = await system.admin('POST', '/credentials/issue', {
      credential: { ...credential, issuer: academy.did },
    });
    expect(signed.statusCode).toBe(201);
    expect((signed.json.verifiableCredential as Json).issuer).toBe(academy.did);
    expect((await verify(signed.json.verifiableCredential)).verified).toBe(true);
    const other = await system.admin('POST', '/credentials/issue', {
      credential: { ...credential, issuer: 'did:example:nobody' },
    });
    expect(other).toMatchObject({ statusCode: 400, json: { code: 'issuer_mismatch' } });
  });

  it('refuses a duplicate or malformed issuer, and changes to the configured default one', async () => {
    expect((await system.admin('POST', '/admin/issuers', ACADEMY)).json.code).toBe('issuer_exists');
    expect((await system.admin('POST', '/admin/issuers', { ...ACADEMY, id: 'Not A Slug' })).statusCode).toBe(400);
    expect((await system.admin('POST', '/admin/issuers', { ...ACADEMY, id: 'x', url: 'ftp://x' })).statusCode).toBe(
      400,
    );
    expect((await system.admin('PATCH', '/admin/issuers/default', { name: 'X' })).json.code).toBe(
      'configured_by_environment',
    );
    expect((await system.admin('PUT', '/admin/issuers/nobody/frameworks/41-3031.00')).statusCode).toBe(404);
    const renamed = await system.admin('PATCH', '/admin/issuers/academy', { name: 'Acme Academy' });
    expect(renamed).toMatchObject({ statusCode: 200, json: { name: 'Acme Academy' } });
  });
});
