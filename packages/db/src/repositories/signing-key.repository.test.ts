import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { listAuditEvents } from './audit.repository.js';
import {
  ensureActiveSigningKey,
  findActiveSigningKey,
  listSigningKeys,
  rotateSigningKey,
} from './signing-key.repository.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const key = (n: string): { publicKeyMultibase: string; secretKeySealed: string } => ({
  publicKeyMultibase: `z6Mk-${n}`,
  secretKeySealed: `sealed-${n}`,
});

describe('signing key repository', () => {
  let schema: TestSchema;
  let db: Db;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    await db.insertInto('issuers').values({ id: 'school', name: 'School' }).execute();
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('has no active key before the first start', async () => {
    expect(await findActiveSigningKey(db)).toBeUndefined();
    expect(await listSigningKeys(db)).toEqual([]);
  });

  it('stores the first candidate as the active key and audits its creation', async () => {
    const active = await ensureActiveSigningKey(db, key('one'), NOW);
    expect(active).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      issuerId: 'default',
      seq: expect.any(Number) as unknown,
      publicKeyMultibase: 'z6Mk-one',
      secretKeySealed: 'sealed-one',
      active: true,
      createdAt: expect.any(Date) as unknown,
    });
    expect(await findActiveSigningKey(db, 'default')).toEqual(active);
    const [created] = await listAuditEvents(db, { subject: active.id });
    expect(created).toMatchObject({
      actor: 'system',
      action: 'signing_key.created',
      at: NOW,
      data: { issuer: 'default', seq: active.seq, publicKeyMultibase: 'z6Mk-one' },
    });
  });

  it('keeps the key already active on a later start, without a second audit event', async () => {
    const first = await findActiveSigningKey(db);
    const again = await ensureActiveSigningKey(db, key('two'), NOW);
    expect(again).toEqual(first);
    expect((await listSigningKeys(db, 'default')).map((k) => k.publicKeyMultibase)).toEqual(['z6Mk-one']);
    expect((await listAuditEvents(db)).filter((e) => e.action === 'signing_key.created')).toHaveLength(1);
  });

  it('agrees on one key when several processes start at once', async () => {
    const results = await Promise.all(
      ['s1', 's2', 's3', 's4', 's5'].map((n) => ensureActiveSigningKey(db, key(n), NOW, 'school')),
    );
    const ids = new Set(results.map((k) => k.id));
    expect(ids.size).toBe(1);
    expect(await listSigningKeys(db, 'school')).toEqual([results[0]]);
    // The default issuer's key is a different one.
    expect(results[0]!.id).not.toBe((await findActiveSigningKey(db))!.id);
  });

  it('rotates: the previous key stays stored but inactive, the new one signs, the audit names both', async () => {
    const previous = (await findActiveSigningKey(db))!;
    const rotated = await rotateSigningKey(db, key('three'), { now: NOW, actor: 'admin', reason: 'yearly' });
    expect(rotated).toMatchObject({ issuerId: 'default', publicKeyMultibase: 'z6Mk-three', active: true });
    expect(rotated.seq).toBeGreaterThan(previous.seq);
    expect(await findActiveSigningKey(db)).toEqual(rotated);
    expect((await listSigningKeys(db, 'default')).map((k) => [k.publicKeyMultibase, k.active])).toEqual([
      ['z6Mk-one', false],
      ['z6Mk-three', true],
    ]);
    const [audit] = await listAuditEvents(db, { subject: rotated.id });
    expect(audit).toMatchObject({
      actor: 'admin',
      action: 'signing_key.rotated',
      reason: 'yearly',
      data: { issuer: 'default', seq: rotated.seq, publicKeyMultibase: 'z6Mk-three', previous: previous.id },
    });
    // Another issuer's key is not touched.
    expect((await findActiveSigningKey(db, 'school'))?.active).toBe(true);
  });

  it('rotates an issuer that had no key yet, naming no previous key', async () => {
    await db.insertInto('issuers').values({ id: 'fresh', name: 'Fresh' }).execute();
    const rotated = await rotateSigningKey(db, key('fresh'), {
      now: NOW,
      actor: 'admin',
      reason: null,
      issuerId: 'fresh',
    });
    expect(rotated.issuerId).toBe('fresh');
    const [audit] = await listAuditEvents(db, { subject: rotated.id });
    expect(audit?.data).toMatchObject({ previous: null });
    expect(audit?.reason).toBeNull();
  });

  it('rolls a failed rotation back: a reused public key leaves the old key active and nothing audited', async () => {
    const before = (await findActiveSigningKey(db))!;
    const events = (await listAuditEvents(db)).length;
    await expect(rotateSigningKey(db, key('one'), { now: NOW, actor: 'admin', reason: 'reuse' })).rejects.toMatchObject(
      { code: '23505' },
    );
    expect(await findActiveSigningKey(db)).toEqual(before);
    expect(await listAuditEvents(db)).toHaveLength(events);
  });

  it('lists every key oldest first across issuers', async () => {
    const all = await listSigningKeys(db);
    expect(all.map((k) => k.issuerId)).toEqual(['default', 'school', 'default', 'fresh']);
    const seqs = all.map((k) => k.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
