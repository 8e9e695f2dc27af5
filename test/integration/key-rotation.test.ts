import { listAuditEvents, rotateSigningKey, verifyAuditChain } from '@attain/db';
import { newSealedSigningKey } from '@attain/runtime';
import { describe, expect, it } from 'vitest';
import { TestSystem } from '../support/test-system.js';

type Json = Record<string, unknown>;

async function issueOne(system: TestSystem, id: string): Promise<Json> {
  const client = await system.createClient();
  const before = await system.credentialCount();
  await system.post(client, system.passingResults({ id, email: `${id}@brokerage.example`, name: id }).slice(0, 10));
  await system.waitForCredentials(before + 1);
  const [credential] = await system.credentialsOf(`${id}@brokerage.example`);
  return credential!;
}

async function verify(system: TestSystem, credential: Json): Promise<boolean> {
  const response = await system.app.inject({
    method: 'POST',
    url: '/credentials/verify',
    payload: { verifiableCredential: credential },
  });
  return response.json<{ verified: boolean }>().verified;
}

const methodOf = (credential: Json): string =>
  (credential.proof as { verificationMethod: string }[])[0]!.verificationMethod;

describe('signing key rotation', () => {
  it('signs with the new key from then on; did:web keeps the old key, and both credentials verify', async () => {
    const system = await TestSystem.start({
      env: { ISSUER_DID_METHOD: 'web', PUBLIC_URL: 'https://badges.brokerage.example' },
    });
    try {
      await system.mapEveryStatement();
      await system.startWorkers();
      const before = await issueOne(system, 'rot-a');
      expect(methodOf(before)).toBe('did:web:badges.brokerage.example#key-1');

      await rotateSigningKey(system.db, await newSealedSigningKey(system.runtime.kek), {
        now: new Date(),
        actor: 'test',
        reason: 'yearly rotation',
      });
      await system.runtime.refreshIssuer();
      const after = await issueOne(system, 'rot-b');
      expect(methodOf(after)).toBe('did:web:badges.brokerage.example#key-2');

      const document = (await system.app.inject({ method: 'GET', url: '/.well-known/did.json' })).json<{
        assertionMethod: string[];
      }>();
      expect(document.assertionMethod).toEqual([
        'did:web:badges.brokerage.example#key-1',
        'did:web:badges.brokerage.example#key-2',
      ]);
      expect(await verify(system, before)).toBe(true);
      expect(await verify(system, after)).toBe(true);

      const rotation = (await listAuditEvents(system.db)).find((e) => e.action === 'signing_key.rotated');
      expect(rotation).toMatchObject({ actor: 'test', reason: 'yearly rotation' });
      expect((await verifyAuditChain(system.db)).intact).toBe(true);
    } finally {
      await system.close();
    }
  });

  it('keeps verifying credentials of an earlier did:key', async () => {
    const system = await TestSystem.start();
    try {
      await system.mapEveryStatement();
      await system.startWorkers();
      const before = await issueOne(system, 'key-a');
      await rotateSigningKey(system.db, await newSealedSigningKey(system.runtime.kek), {
        now: new Date(),
        actor: 'test',
        reason: null,
      });
      await system.runtime.refreshIssuer();
      const after = await issueOne(system, 'key-b');
      expect((after.issuer as Json).id).not.toBe((before.issuer as Json).id);
      expect(await verify(system, before)).toBe(true);
      expect(await verify(system, after)).toBe(true);
    } finally {
      await system.close();
    }
  });
});
