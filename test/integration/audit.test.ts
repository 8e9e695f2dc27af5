import { listAuditEvents, verifyAuditChain } from '@attain/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem } from '../support/test-system.js';

describe('audit trail: append-only and hash-chained', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
    const client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
    await system.post(client, system.passingResults({ id: 'au-1', email: 'audit@brokerage.example', name: 'A' }));
    await system.waitForCredentials(4);
  });
  afterAll(async () => {
    await system.close();
  });

  it('records the signing key and every issuance, without personal data', async () => {
    const events = await listAuditEvents(system.db);
    expect(events.map((e) => e.action).sort()).toEqual([
      'credential.issued',
      'credential.issued',
      'credential.issued',
      'credential.issued',
      'signing_key.created',
    ]);
    const credentialIds = (await system.db.selectFrom('credentials').select('id').execute()).map((c) => c.id).sort();
    expect(
      events
        .filter((e) => e.action === 'credential.issued')
        .map((e) => e.subject)
        .sort(),
    ).toEqual(credentialIds);
    expect(JSON.stringify(events)).not.toContain('audit@brokerage.example');
    expect(await verifyAuditChain(system.db)).toEqual({ intact: true, events: 5 });
  });

  it('refuses updates and deletes, and names the first edited link when one gets through', async () => {
    await expect(
      sql`update audit_events set reason = 'quietly' where seq = (select max(seq) from audit_events)`.execute(
        system.db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(system.db)).rejects.toThrow(/append-only/);

    // What a superuser could still do: switch the trigger off and edit a row in the middle.
    const [, second] = (await system.db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map(
      (r) => r.seq,
    );
    await sql`alter table audit_events disable trigger audit_events_append_only`.execute(system.db);
    await sql`update audit_events set data = '{"level":"advanced"}' where seq = ${second}::bigint`.execute(system.db);
    await sql`alter table audit_events enable trigger audit_events_append_only`.execute(system.db);
    const verdict = await verifyAuditChain(system.db);
    expect(verdict).toMatchObject({ intact: false, brokenAt: second });
    expect(!verdict.intact && verdict.problem).toMatch(/edited/);

    const response = await system.app.inject({
      method: 'GET',
      url: '/admin/audit/verify',
      headers: { authorization: `Bearer ${system.runtime.config.adminToken!}` },
    });
    expect(response.json()).toMatchObject({ intact: false, brokenAt: second });
  });
});
