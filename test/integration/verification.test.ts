import { createEd25519Signer, didKeyIdentifiers, generateEd25519Key, signCredential } from '@attain/credentials';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem } from '../support/test-system.js';

type Json = Record<string, unknown>;
interface Report {
  verified: boolean;
  checks: { check: string; ok: boolean; message: string }[];
}

describe('verification: POST /credentials/verify and the public URLs', () => {
  let system: TestSystem;
  let credential: Json;

  beforeAll(async () => {
    system = await TestSystem.start();
    const client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
    await system.post(
      client,
      system.passingResults({ id: 'v-1', email: 'verify@brokerage.example', name: 'V' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    [credential] = (await system.credentialsOf('verify@brokerage.example')) as [Json];
  });
  afterAll(async () => {
    await system.close();
  });

  async function verify(verifiableCredential: unknown): Promise<{ status: number; report: Report }> {
    const response = await system.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential },
    });
    return { status: response.statusCode, report: response.json<Report>() };
  }

  it('answers 200 with every check passed for an issued credential', async () => {
    const { status, report } = await verify(credential);
    expect(status).toBe(200);
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => c.check).sort()).toEqual([
      'issuer',
      'signature',
      'status',
      'structure',
      'validity',
    ]);
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });

  const tamperings: [string, (c: Json) => void][] = [
    ['the name', (c) => (c.name = 'Advanced — something else')],
    ['validFrom', (c) => (c.validFrom = '2020-01-01T00:00:00Z')],
    ['the issuer name', (c) => ((c.issuer as Json).name = 'Another Brokerage')],
    [
      'the recipient hash',
      (c) => (((c.credentialSubject as Json).identifier as Json[])[0]!.identityHash = `sha256$${'a'.repeat(64)}`),
    ],
    [
      'a statement alignment',
      (c) =>
        ((((c.credentialSubject as Json).achievement as Json).alignment as Json[])[3]!.targetName = 'Anything at all'),
    ],
    [
      'the achievement id',
      (c) =>
        (((c.credentialSubject as Json).achievement as Json).id =
          'http://attain.test/frameworks/41-3031.00/v.26.05/levels/advanced'),
    ],
    ['the evidence', (c) => (c.evidence as Json[]).pop()],
  ];
  it.each(tamperings)('fails the signature check when %s is changed', async (_field, tamper) => {
    const copy = structuredClone(credential);
    tamper(copy);
    const { status, report } = await verify(copy);
    expect(status).toBe(422);
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.check === 'signature')?.ok).toBe(false);
  });

  it('fails on a proof value that is not the issuer signature', async () => {
    const copy = structuredClone(credential);
    const proof = (copy.proof as Json[])[0]!;
    const value = proof.proofValue as string;
    proof.proofValue = `${value.slice(0, -4)}${value.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect((await verify(copy)).report.verified).toBe(false);
  });

  it('reports a credential without a proof or of the wrong shape with 422, not an error', async () => {
    const { proof: _proof, ...unsigned } = credential;
    for (const input of [unsigned, 'a string', { hello: 'world' }, null]) {
      const { status, report } = await verify(input);
      expect(status).toBe(422);
      expect(report.verified).toBe(false);
    }
  });

  it('reports a credential validly signed by a stranger as not from a recognised issuer', async () => {
    const key = await generateEd25519Key();
    const { did, verificationMethodId } = didKeyIdentifiers(key.publicKeyMultibase);
    const { proof: _proof, ...unsigned } = structuredClone(credential);
    (unsigned.issuer as Json).id = did;
    const forged = await signCredential({
      credential: unsigned,
      signer: createEd25519Signer(key, verificationMethodId),
      documentLoader: system.runtime.issuer.documentLoader,
    });
    const { status, report } = await verify(forged);
    expect(status).toBe(422);
    expect(report.checks.find((c) => c.check === 'signature')?.ok).toBe(true);
    const issuer = report.checks.find((c) => c.check === 'issuer');
    expect(issuer?.ok).toBe(false);
    expect(issuer?.message).toContain('not an issuer this service recognises');
  });

  it('answers 400 when the body has no verifiableCredential', async () => {
    const response = await system.app.inject({ method: 'POST', url: '/credentials/verify', payload: { credential } });
    expect(response.statusCode).toBe(400);
  });

  it('serves the achievement, framework, evidence and credential URLs the credential names', async () => {
    const subject = credential.credentialSubject as { achievement: { id: string } };
    const achievement = await system.app.inject({ method: 'GET', url: new URL(subject.achievement.id).pathname });
    expect(achievement.statusCode).toBe(200);
    expect(achievement.json<Json>().id).toBe(subject.achievement.id);
    for (const evidence of credential.evidence as { id: string }[]) {
      const served = await system.app.inject({ method: 'GET', url: new URL(evidence.id).pathname });
      expect(served.statusCode).toBe(200);
      expect(JSON.stringify(served.json())).not.toContain('brokerage.example');
    }
    const id = (credential.id as string).replace('urn:uuid:', '');
    expect((await system.app.inject({ method: 'GET', url: `/credentials/${id}` })).json()).toEqual(credential);
    expect((await system.app.inject({ method: 'GET', url: `/credentials/urn:uuid:${id}` })).statusCode).toBe(200);
    const missing = await system.app.inject({
      method: 'GET',
      url: '/credentials/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'credential_not_found' });
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await system.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await system.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.json()).toEqual({
      status: 'ready',
      postgres: 'ok',
      queue: { backend: 'redis', status: 'ok' },
      redis: 'ok',
    });
    const docs = await system.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json<{ paths: Json }>().paths)).toEqual(
      expect.arrayContaining(['/v1/assessment-results', '/credentials/verify', '/credentials/{id}']),
    );
  });
});

describe('recovery: Redis loses its data', () => {
  it('re-drives every unfinished piece of work from Postgres and still issues each credential once', async () => {
    const system = await TestSystem.start({ retryAfterMs: 300 });
    try {
      const client = await system.createClient();
      await system.mapEveryStatement();
      // Accepted while no worker runs; then Redis forgets every job.
      for (const i of [1, 2]) {
        const response = await system.post(
          client,
          system.passingResults({ id: `r-${i}`, email: `r${i}@brokerage.example`, name: 'R' }),
        );
        expect(response.statusCode).toBe(202);
      }
      expect(await system.flushQueues()).toBeGreaterThan(0);
      await system.startWorkers();
      await system.waitForCredentials(8);
      expect(await system.credentialCount()).toBe(8);
    } finally {
      await system.close();
    }
  });
});

describe('recovery: a job that failed for good while the database was unavailable', () => {
  it('is run again by the relay once the database is back', async () => {
    const system = await TestSystem.start({ retryAfterMs: 300 });
    try {
      const client = await system.createClient();
      await system.mapEveryStatement();
      const [result] = system.passingResults({ id: 'f-1', email: 'f1@brokerage.example', name: 'F' });
      expect((await system.post(client, result)).statusCode).toBe(202);

      // The queued job gets a single attempt, and its table is gone while it runs.
      const queue = system.runtime.producer.queue('event.map');
      const [waiting] = await queue.getWaiting();
      expect(waiting).toBeDefined();
      await waiting!.remove();
      await queue.add(waiting!.name, waiting!.data, { jobId: waiting!.id!, attempts: 1 });
      await sql`alter table activity_mappings rename to activity_mappings_away`.execute(system.db);
      await system.startWorkers();
      await waitFor(async () => ((await queue.getFailedCount()) === 1 ? true : undefined), 'the job to fail for good');

      await sql`alter table activity_mappings_away rename to activity_mappings`.execute(system.db);
      await waitFor(
        async () =>
          (await system.db.selectFrom('evidence').select('event_id').executeTakeFirst()) === undefined
            ? undefined
            : true,
        'the relay to run the failed job again',
      );
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await system.close();
    }
  });
});

describe('issuer did:web', () => {
  it('signs with a did:web key, serves the DID document and verifies against it', async () => {
    const system = await TestSystem.start({
      env: { ISSUER_DID_METHOD: 'web', PUBLIC_URL: 'https://badges.brokerage.example:8443' },
    });
    try {
      const client = await system.createClient();
      await system.mapEveryStatement();
      await system.startWorkers();
      await system.post(
        client,
        system.passingResults({ id: 'w-1', email: 'web@brokerage.example', name: 'W' }).slice(0, 10),
      );
      await system.waitForCredentials(1);
      const [credential] = (await system.credentialsOf('web@brokerage.example')) as [Record<string, unknown>];
      const did = 'did:web:badges.brokerage.example%3A8443';
      expect((credential.issuer as { id: string }).id).toBe(did);
      expect((credential.proof as { verificationMethod: string }[])[0]?.verificationMethod).toBe(`${did}#key-1`);

      const document = await system.app.inject({ method: 'GET', url: '/.well-known/did.json' });
      expect(document.statusCode).toBe(200);
      const body = document.json<{ id: string; assertionMethod: string[]; verificationMethod: { id: string }[] }>();
      expect(body.id).toBe(did);
      expect(body.assertionMethod).toContain(`${did}#key-1`);

      const verification = await system.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: credential },
      });
      expect(verification.json<{ verified: boolean }>().verified).toBe(true);
    } finally {
      await system.close();
    }
  });

  it('serves no DID document for did:key', async () => {
    const system = await TestSystem.start();
    try {
      expect((await system.app.inject({ method: 'GET', url: '/.well-known/did.json' })).statusCode).toBe(404);
    } finally {
      await system.close();
    }
  });
});
