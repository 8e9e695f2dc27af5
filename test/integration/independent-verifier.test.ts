import { readFile } from 'node:fs/promises';
import { verifyCredential as independentVerify } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;
interface LogEntry {
  id: string;
  valid?: boolean;
  error?: { name: string; message: string };
}
interface IndependentResult {
  errors?: { name: string; message: string }[];
  log?: LogEntry[];
  additionalInformation?: { id: string; results?: { result: { valid: boolean } }[] }[];
}

const OB_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/**
 * @digitalcredentials/verifier-core (the Digital Credentials Consortium's verifier) is not ours: it
 * brings its own forks of the VC, Data Integrity and Bitstring Status List libraries and its own
 * document loader, and fetches status lists over HTTP. Its fetches reach this app in-process; the
 * OB 3.0 schema it asks for is answered with the official schema file (the machine is offline).
 */
describe('an independent verifier (@digitalcredentials/verifier-core)', () => {
  let system: TestSystem;
  let client: TestClient;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    system = await TestSystem.start({ retryAfterMs: 500 });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
    const schema = await readFile(
      new URL('../../packages/credentials/schemas/achievementcredential.schema.json', import.meta.url),
      'utf8',
    );
    globalThis.fetch = async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url === OB_SCHEMA_URL) return new Response(schema, { headers: { 'content-type': 'application/json' } });
      if (!url.startsWith('http://attain.test/')) return new Response('offline', { status: 404 });
      const served = await system.app.inject({ method: 'GET', url: new URL(url).pathname });
      return new Response(served.body, {
        status: served.statusCode,
        headers: { 'content-type': String(served.headers['content-type'] ?? 'application/json') },
      });
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await system.close();
  });

  const check = async (credential: unknown) => {
    const result = (await independentVerify({
      credential: credential as Parameters<typeof independentVerify>[0]['credential'],
      knownDIDRegistries: [],
    })) as IndependentResult;
    const log = Object.fromEntries((result.log ?? []).map((entry) => [entry.id, entry]));
    return { result, log };
  };

  it('verifies an issued credential: signature, expiry, status and the OB 3.0 schema', async () => {
    await system.post(
      client,
      system.passingResults({ id: 'iv-1', email: 'iv-1@brokerage.example', name: 'I' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    const [credential] = await system.credentialsOf('iv-1@brokerage.example');
    const { result, log } = await check(credential);
    expect(result.errors).toBeUndefined();
    expect(log.valid_signature).toMatchObject({ valid: true });
    expect(log.expiration).toMatchObject({ valid: true });
    expect(log.revocation_status).toMatchObject({ valid: true });
    expect(log.revocation_status?.error).toBeUndefined();
    const schema = result.additionalInformation?.find((i) => i.id === 'schema_check');
    expect(schema?.results?.map((r) => r.result.valid)).toEqual([true]);

    const tampered = structuredClone(credential) as Json;
    tampered.name = 'Advanced — forged';
    expect((await check(tampered)).result.errors?.map((e) => e.name)).toEqual(['invalid_signature']);
  });

  it('sees a revocation once the list is re-signed', async () => {
    await system.post(
      client,
      system.passingResults({ id: 'iv-2', email: 'iv-2@brokerage.example', name: 'I' }).slice(0, 10),
    );
    await system.waitForCredentials(2);
    const [credential] = (await system.credentialsOf('iv-2@brokerage.example')) as [Json];
    const id = (credential.id as string).slice('urn:uuid:'.length);
    expect((await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'test' })).statusCode).toBe(200);
    const { log } = await waitFor(async () => {
      const outcome = await check(credential);
      return outcome.log.revocation_status?.valid === false ? outcome : undefined;
    }, 'the independent verifier to see the revocation');
    expect(log.valid_signature).toMatchObject({ valid: true });
    expect(log.revocation_status).toMatchObject({ valid: false });
  });
});
