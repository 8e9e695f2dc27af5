import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { allocateStatusEntries, listAuditEvents } from '@attain/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { stockVerify } from '../support/stock-suite.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;
interface Entry {
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

async function issueOne(system: TestSystem, client: TestClient, id: string): Promise<Json> {
  const email = `${id}@brokerage.example`;
  const before = await system.credentialCount();
  await system.post(client, system.passingResults({ id, email, name: id }).slice(0, 10));
  await system.waitForCredentials(before + 1);
  const [credential] = await system.credentialsOf(email);
  return credential!;
}

function entriesOf(credential: Json): Entry[] {
  const status = credential.credentialStatus as Entry | Entry[];
  return Array.isArray(status) ? status : [status];
}

async function verify(system: TestSystem, credential: unknown) {
  const response = await system.app.inject({
    method: 'POST',
    url: '/credentials/verify',
    payload: { verifiableCredential: credential },
  });
  return {
    statusCode: response.statusCode,
    report: response.json<{
      verified: boolean;
      status: string;
      checks: { check: string; ok: boolean; message: string }[];
    }>(),
  };
}

/** Waits until no status list is stale: a worker has re-signed every changed list. */
async function waitForPublished(system: TestSystem): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await sql<{
        n: string;
      }>`select count(*) as n from status_lists where published_version is distinct from version`.execute(system.db);
      return rows[0]?.n === '0' ? true : undefined;
    },
    'status lists re-signed',
    15_000,
  );
}

describe('revocation: Bitstring Status List, revoke by admin API, CLI service and VC-API', () => {
  let system: TestSystem;
  let client: TestClient;

  beforeAll(async () => {
    system = await TestSystem.start({ retryAfterMs: 500 });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  it('gives every credential one revocation entry at a random index of a list of 131,072', async () => {
    const credential = await issueOne(system, client, 's-entry');
    const [entry, ...more] = entriesOf(credential);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(entry!.statusListCredential).toMatch(/^http:\/\/attain\.test\/status-lists\/[0-9a-f-]{36}$/);
    const list = await system.app.inject({ method: 'GET', url: new URL(entry!.statusListCredential).pathname });
    expect(list.statusCode).toBe(200);
    const document = list.json<Json>();
    expect(document.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(document.issuer).toBe(system.runtime.issuer.did);
    const validFrom = Date.parse(document.validFrom as string);
    const validUntil = Date.parse(document.validUntil as string);
    expect(validUntil - validFrom).toBe(900_000);
    const maxAge = Number(/max-age=(\d+)/.exec(String(list.headers['cache-control']))?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge * 1000).toBeLessThanOrEqual(validUntil - Date.now() + 1000);
    const bits = await decodeList({ encodedList: (document.credentialSubject as { encodedList: string }).encodedList });
    expect(bits.length).toBe(131_072);
    expect(bits.getStatus(Number(entry!.statusListIndex))).toBe(false);
    expect(await stockVerify(system, credential)).toEqual({ verified: true, statusBits: [false] });
  });

  it('revokes with a reason: verification fails here and in the stock libraries, and the audit trail says why', async () => {
    const credential = await issueOne(system, client, 's-revoke');
    const id = (credential.id as string).slice('urn:uuid:'.length);
    expect((await verify(system, credential)).report.status).toBe('active');

    const noReason = await system.admin('POST', `/admin/credentials/${id}/revoke`, {});
    expect(noReason.statusCode).toBe(400);
    const noToken = await system.app.inject({
      method: 'POST',
      url: `/admin/credentials/${id}/revoke`,
      payload: { reason: 'x' },
    });
    expect(noToken.statusCode).toBe(401);
    const unknown = await system.admin('POST', '/admin/credentials/00000000-0000-4000-8000-000000000000/revoke', {
      reason: 'x',
    });
    expect(unknown).toMatchObject({ statusCode: 404, json: { code: 'credential_not_found' } });

    const revoked = await system.admin('POST', `/admin/credentials/${id}/revoke`, {
      reason: 'licence withdrawn by FINRA',
    });
    expect(revoked).toMatchObject({
      statusCode: 200,
      json: { credentialId: credential.id, status: 'revoked', changed: true },
    });
    await waitForPublished(system);

    const { statusCode, report } = await verify(system, credential);
    expect(statusCode).toBe(422);
    expect(report).toMatchObject({ verified: false, status: 'revoked' });
    expect(report.checks.filter((c) => !c.ok).map((c) => c.check)).toEqual(['status']);
    expect(await stockVerify(system, credential)).toEqual({ verified: true, statusBits: [true] });

    // A retried revocation changes nothing and says so; lifting it is refused.
    const again = await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'twice' });
    expect(again).toMatchObject({ statusCode: 200, json: { status: 'revoked', changed: false } });
    const reinstate = await system.admin('POST', `/admin/credentials/${id}/reinstate`, { reason: 'oops' });
    expect(reinstate).toMatchObject({ statusCode: 409, json: { code: 'already_revoked' } });

    const events = (await listAuditEvents(system.db, { subject: id })).reverse(); // oldest first
    expect(events.map((e) => e.action)).toEqual(['credential.issued', 'credential.revoked']);
    expect(events[1]).toMatchObject({
      actor: 'admin:bootstrap (ATTAIN_ADMIN_TOKEN)',
      reason: 'licence withdrawn by FINRA',
    });
  });

  it('refuses suspension where the deployment did not enable it, and VC-API cannot undo a revocation', async () => {
    const credential = await issueOne(system, client, 's-nosusp');
    const suspend = await system.admin('POST', '/credentials/status', {
      credentialId: credential.id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
      status: true,
      reason: 'investigation',
    });
    expect(suspend).toMatchObject({ statusCode: 409, json: { code: 'suspension_not_enabled' } });
    const revoke = await system.admin('POST', '/credentials/status', {
      credentialId: credential.id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      status: true,
      reason: 'issued in error',
    });
    expect(revoke).toMatchObject({ statusCode: 200, json: { status: 'revoked' } });
    const undo = await system.admin('POST', '/credentials/status', {
      credentialId: credential.id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      status: false,
      reason: 'undo',
    });
    expect(undo).toMatchObject({ statusCode: 409, json: { code: 'revocation_is_final' } });
    // A VC-API client need not give a reason; the audit trail records that none was given.
    const second = await issueOne(system, client, 's-vcapi-noreason');
    const noReason = await system.admin('POST', '/credentials/status', {
      credentialId: second.id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      status: true,
    });
    expect(noReason).toMatchObject({ statusCode: 200, json: { status: 'revoked' } });
    const [event] = await listAuditEvents(system.db, { subject: (second.id as string).slice(9), limit: 1 });
    expect(event).toMatchObject({ action: 'credential.revoked', reason: 'no reason given (VC-API request)' });
  });

  it('folds changes to one list into one re-signing job while no worker runs', async () => {
    const credentials = [await issueOne(system, client, 's-batch-1'), await issueOne(system, client, 's-batch-2')];
    await system.stopWorkers();
    try {
      for (const c of credentials)
        expect(
          (await system.admin('POST', `/admin/credentials/${(c.id as string).slice(9)}/revoke`, { reason: 'batch' }))
            .statusCode,
        ).toBe(200);
      const { rows } = await sql<{
        topic: string;
        generation: number;
      }>`select topic, generation from outbox where topic = 'status.publish'`.execute(system.db);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.generation).toBe(2);
      // Even before any worker re-signs, the list served already carries both bits.
      for (const c of credentials) expect((await verify(system, c)).report.status).toBe('revoked');
    } finally {
      await system.startWorkers();
    }
    await waitForPublished(system);
  });

  it('fails closed when the served status list does not verify', async () => {
    const credential = await issueOne(system, client, 's-tamper');
    const [entry] = entriesOf(credential);
    const listId = new URL(entry!.statusListCredential).pathname.split('/').pop()!;
    await system.app.inject({ method: 'GET', url: `/status-lists/${listId}` });
    // Someone with database access clears bits in the signed copy: its signature no longer matches.
    await sql`update status_lists set document = (jsonb_set(document::jsonb, '{credentialSubject,encodedList}', '"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"'))::json where id = ${listId}`.execute(
      system.db,
    );
    const { statusCode, report } = await verify(system, credential);
    expect(statusCode).toBe(422);
    expect(report).toMatchObject({ verified: false, status: 'unknown' });
    expect(report.checks.find((c) => c.check === 'status')?.message).toMatch(/not validly signed/);
  });

  it('allocates at random, never twice, and starts a new list when one fills', async () => {
    const issuerDid = 'did:example:allocation-test';
    const allocate = (credentialId: string) =>
      system.db
        .transaction()
        .execute((trx) =>
          allocateStatusEntries(trx, { credentialId, issuerDid, purposes: ['revocation'], listLength: 131_072 }),
        );
    const first = await Promise.all(Array.from({ length: 200 }, (_, i) => allocate(`urn:test:${i}`)));
    const indexes = first.map(([e]) => e!.index);
    expect(new Set(indexes).size).toBe(200);
    expect(new Set(first.map(([e]) => e!.listId)).size).toBe(1);
    // Not a counter: issue order says nothing about position.
    expect(indexes).not.toEqual([...indexes].sort((a, b) => a - b));
    expect(Math.max(...indexes) - Math.min(...indexes)).toBeGreaterThan(50_000);
    expect(await allocate('urn:test:0')).toEqual(first[0]); // a correction keeps its entry

    // Fill all but one index of the list, then take the last free one, then overflow.
    const listId = first[0]![0]!.listId;
    await sql`insert into status_entries (list_id, idx, credential_id, purpose)
      select ${listId}, g, 'urn:fill:' || g, 'revocation' from generate_series(0, 131071) g
      where g <> 4242 on conflict do nothing`.execute(system.db);
    const [last] = await allocate('urn:test:last');
    expect(last).toMatchObject({ listId, index: 4242 });
    const [next] = await allocate('urn:test:next');
    expect(next!.listId).not.toBe(listId);
    const { rows } = await sql<{ full: boolean }>`select "full" from status_lists where id = ${listId}`.execute(
      system.db,
    );
    expect(rows[0]?.full).toBe(true);
  });
});

describe('suspension, where the deployment enables it (STATUS_SUSPENSION=true)', () => {
  let system: TestSystem;
  let client: TestClient;

  beforeAll(async () => {
    system = await TestSystem.start({ retryAfterMs: 500, env: { STATUS_SUSPENSION: 'true' } });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  it('suspends and reinstates; the audit trail records both; revocation stays final', async () => {
    const credential = await issueOne(system, client, 'susp-1');
    expect(entriesOf(credential).map((e) => e.statusPurpose)).toEqual(['revocation', 'suspension']);
    const id = (credential.id as string).slice('urn:uuid:'.length);

    const suspended = await system.admin('POST', '/credentials/status', {
      credentialId: credential.id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
      status: true,
      reason: 'complaint under investigation',
    });
    expect(suspended).toMatchObject({ statusCode: 200, json: { status: 'suspended' } });
    expect((await verify(system, credential)).report).toMatchObject({ verified: false, status: 'suspended' });
    expect((await system.admin('GET', `/admin/credentials/${id}/status`)).json).toMatchObject({ status: 'suspended' });

    const reinstated = await system.admin('POST', `/admin/credentials/${id}/reinstate`, {
      reason: 'complaint dismissed',
    });
    expect(reinstated).toMatchObject({ statusCode: 200, json: { status: 'active' } });
    expect((await verify(system, credential)).report).toMatchObject({ verified: true, status: 'active' });
    const notSuspended = await system.admin('POST', `/admin/credentials/${id}/reinstate`, { reason: 'again' });
    expect(notSuspended).toMatchObject({ statusCode: 409, json: { code: 'not_suspended' } });

    await system.admin('POST', `/admin/credentials/${id}/suspend`, { reason: 'second complaint' });
    await system.admin('POST', `/admin/credentials/${id}/revoke`, { reason: 'complaint upheld' });
    expect((await verify(system, credential)).report.status).toBe('revoked');
    expect((await system.admin('POST', `/admin/credentials/${id}/reinstate`, { reason: 'no' })).statusCode).toBe(409);
    await waitForPublished(system);
    expect(await stockVerify(system, credential)).toEqual({ verified: true, statusBits: [true, true] });

    const events = (await listAuditEvents(system.db, { subject: id })).reverse(); // oldest first
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['credential.issued', null],
      ['credential.suspended', 'complaint under investigation'],
      ['credential.reinstated', 'complaint dismissed'],
      ['credential.suspended', 'second complaint'],
      ['credential.revoked', 'complaint upheld'],
    ]);
  });
});
