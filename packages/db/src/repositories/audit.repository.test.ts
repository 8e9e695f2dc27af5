import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { appendAudit, auditHash, listAuditEvents, verifyAuditChain } from './audit.repository.js';

const GENESIS = 'sha256:genesis';

describe('auditHash', () => {
  it('hashes the previous hash and the RFC 8785 text of the content', () => {
    const entry = {
      seq: '7',
      at: new Date('2026-11-26T12:00:00.000Z'),
      actor: 'admin',
      action: 'credential.revoked',
      subject: 'urn:uuid:1',
      reason: null,
      data: { b: 2, a: 'x' },
    };
    // Keys sorted, no spaces: written out by hand rather than by the function under test.
    const content =
      '{"action":"credential.revoked","actor":"admin","at":"2026-11-26T12:00:00.000Z",' +
      '"data":{"a":"x","b":2},"reason":null,"seq":"7","subject":"urn:uuid:1"}';
    const expected = `sha256:${createHash('sha256').update(`prev\n${content}`).digest('hex')}`;
    expect(auditHash('prev', entry)).toBe(expected);
    expect(auditHash('other', entry)).not.toBe(expected);
  });
});

describe('audit repository', () => {
  let schema: TestSchema;
  let db: Db;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('starts the chain at genesis, keeps whole seconds and fills reason and data', async () => {
    await db.transaction().execute((trx) =>
      appendAudit(trx, {
        at: new Date('2026-11-26T12:00:00.789Z'),
        actor: 'system',
        action: 'signing_key.created',
        subject: 'first',
      }),
    );
    const [event] = await listAuditEvents(db, { subject: 'first' });
    expect(event).toEqual({
      seq: expect.stringMatching(/^\d+$/) as unknown,
      at: new Date('2026-11-26T12:00:00.000Z'),
      actor: 'system',
      action: 'signing_key.created',
      subject: 'first',
      reason: null,
      data: {},
      prevHash: GENESIS,
      hash: auditHash(GENESIS, {
        seq: event!.seq,
        at: new Date('2026-11-26T12:00:00.000Z'),
        actor: 'system',
        action: 'signing_key.created',
        subject: 'first',
        reason: null,
        data: {},
      }),
    });
  });

  it('links each event to the one before it', async () => {
    await db.transaction().execute((trx) =>
      appendAudit(trx, {
        at: new Date('2026-11-26T12:01:00Z'),
        actor: 'admin',
        action: 'credential.revoked',
        subject: 'second',
        reason: 'issued in error',
        data: { purpose: 'revocation' },
      }),
    );
    const [second, first] = await listAuditEvents(db, { limit: 2 });
    expect(second).toMatchObject({ subject: 'second', reason: 'issued in error', data: { purpose: 'revocation' } });
    expect(second!.prevHash).toBe(first!.hash);
    expect(BigInt(second!.seq)).toBeGreaterThan(BigInt(first!.seq));
  });

  it('records nothing when the transaction it was appended in rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, {
          at: new Date('2026-11-26T12:02:00Z'),
          actor: 'admin',
          action: 'x',
          subject: 'rolled-back',
        });
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    expect(await listAuditEvents(db, { subject: 'rolled-back' })).toEqual([]);
    expect(await verifyAuditChain(db)).toEqual({ intact: true, events: 2 });
  });

  it('keeps one unbroken chain when transactions append at the same time', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.transaction().execute((trx) =>
          appendAudit(trx, {
            at: new Date('2026-11-26T12:03:00Z'),
            actor: 'worker',
            action: 'concurrent',
            subject: `c-${i}`,
          }),
        ),
      ),
    );
    // Batches of 3 make the walk cross batch boundaries.
    expect(await verifyAuditChain(db, 3)).toEqual({ intact: true, events: 10 });
  });

  it('lists newest first, by subject and up to a limit', async () => {
    const all = await listAuditEvents(db);
    expect(all).toHaveLength(10);
    const seqs = all.map((e) => BigInt(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect((await listAuditEvents(db, { subject: 'c-3' })).map((e) => e.subject)).toEqual(['c-3']);
    expect(await listAuditEvents(db, { limit: 4 })).toEqual(all.slice(0, 4));
  });

  it('refuses to update or delete an event', async () => {
    await expect(sql`update audit_events set actor = 'mallory'`.execute(db)).rejects.toThrow(
      'audit_events is append-only',
    );
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow('audit_events is append-only');
    expect(await verifyAuditChain(db)).toEqual({ intact: true, events: 10 });
  });
});

describe('audit chain verification of a tampered chain', () => {
  let schema: TestSchema;
  let db: Db;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    for (const subject of ['a', 'b', 'c', 'd']) {
      await db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, { at: new Date('2026-11-26T12:00:00Z'), actor: 'admin', action: 'x', subject }),
        );
    }
    // What a superuser or a restore can do; the trigger is what normally refuses it.
    await sql`alter table audit_events disable trigger audit_events_append_only`.execute(db);
  });

  afterAll(async () => {
    await schema.drop();
  });

  const seqOf = async (subject: string): Promise<string> => (await listAuditEvents(db, { subject }))[0]!.seq;

  it('names the first edited event', async () => {
    const b = await seqOf('b');
    await sql`update audit_events set reason = 'changed later' where subject = 'b'`.execute(db);
    expect(await verifyAuditChain(db)).toEqual({
      intact: false,
      events: 2,
      brokenAt: b,
      problem: 'its content no longer matches its hash (it was edited)',
    });
  });

  it('names the event after a removed one', async () => {
    await sql`update audit_events set reason = null where subject = 'b'`.execute(db);
    expect(await verifyAuditChain(db)).toEqual({ intact: true, events: 4 });
    const d = await seqOf('d');
    await sql`delete from audit_events where subject = 'c'`.execute(db);
    expect(await verifyAuditChain(db)).toEqual({
      intact: false,
      events: 3,
      brokenAt: d,
      problem: 'links to a different previous event (one was removed or reordered)',
    });
  });
});
