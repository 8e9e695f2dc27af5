import { randomUUID } from 'node:crypto';
import { NoResultError } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import {
  frameworkSource,
  seedAttainment,
  seedCredential,
  seedFramework,
  seedLearner,
  seedLmsClient,
} from '../test-rows.js';
import {
  createDeliveries,
  findDelivery,
  listDeliveries,
  markAttemptFailed,
  markDelivered,
  reviveDelivery,
} from './delivery.repository.js';

const T1 = new Date('2026-11-26T12:00:00.000Z');
const T2 = new Date('2026-11-26T12:05:00.000Z');

describe('delivery repository', () => {
  let schema: TestSchema;
  let db: Db;
  let client: string;
  let learner: string;
  let credentialA: string;
  let credentialB: string;
  let emailA: string;
  let webhookA: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    const framework = await seedFramework(db, frameworkSource('41-2011.00', 'v.26.05'));
    client = await seedLmsClient(db);
    learner = await seedLearner(db, { lmsClientId: client, lmsUserId: 'ada' });
    const emerging = await seedAttainment(db, { learnerId: learner, framework, levelKey: 'emerging' });
    const developing = await seedAttainment(db, { learnerId: learner, framework, levelKey: 'developing' });
    credentialA = await seedCredential(db, { attainmentId: emerging, learnerId: learner });
    credentialB = await seedCredential(db, { attainmentId: developing, learnerId: learner });
  });

  afterAll(async () => {
    await schema.drop();
  });

  const channels = (): { channel: 'email' | 'webhook'; lmsClientId: string | null }[] => [
    { channel: 'email', lmsClientId: null },
    { channel: 'webhook', lmsClientId: client },
  ];

  it('records one pending delivery per channel', async () => {
    const ids = await db.transaction().execute((trx) => createDeliveries(trx, credentialA, channels()));
    expect(ids).toHaveLength(2);
    const found = await Promise.all(ids.map((id) => findDelivery(db, id)));
    expect(found.map((d) => [d?.channel, d?.lmsClientId])).toEqual([
      ['email', null],
      ['webhook', client],
    ]);
    expect(found[0]).toEqual({
      id: ids[0],
      channel: 'email',
      credentialId: credentialA,
      lmsClientId: null,
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: expect.any(Date) as unknown,
      updatedAt: expect.any(Date) as unknown,
      deliveredAt: null,
    });
    [emailA, webhookA] = ids as [string, string];
  });

  it('adds none when the issuing job runs again, and none for no channels', async () => {
    expect(await db.transaction().execute((trx) => createDeliveries(trx, credentialA, channels()))).toEqual([]);
    expect(await db.transaction().execute((trx) => createDeliveries(trx, credentialA, []))).toEqual([]);
    expect(await listDeliveries(db, { credentialId: credentialA })).toHaveLength(2);
  });

  it('finds nothing for an unknown or malformed id', async () => {
    expect(await findDelivery(db, randomUUID())).toBeUndefined();
    expect(await findDelivery(db, 'delivery-1')).toBeUndefined();
  });

  it('counts failed attempts, keeps at most 1000 characters of the error, and gives up when told', async () => {
    expect(await markAttemptFailed(db, webhookA, { error: 'HTTP 503', dead: false, at: T1 })).toBe(1);
    expect(await findDelivery(db, webhookA)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
      updatedAt: T1,
    });
    expect(await markAttemptFailed(db, webhookA, { error: 'x'.repeat(5000), dead: true, at: T2 })).toBe(2);
    const dead = await findDelivery(db, webhookA);
    expect(dead).toMatchObject({ status: 'dead', attempts: 2, updatedAt: T2, deliveredAt: null });
    expect(dead?.lastError).toBe('x'.repeat(1000));
  });

  it('throws for a failed attempt of a delivery that does not exist', async () => {
    await expect(markAttemptFailed(db, randomUUID(), { error: 'e', dead: false, at: T1 })).rejects.toBeInstanceOf(
      NoResultError,
    );
  });

  it('marks a delivery delivered, counting the attempt and clearing the last error', async () => {
    await markAttemptFailed(db, emailA, { error: 'SMTP 421', dead: false, at: T1 });
    await markDelivered(db, emailA, T2);
    expect(await findDelivery(db, emailA)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastError: null,
      deliveredAt: T2,
      updatedAt: T2,
    });
  });

  it('revives only a dead delivery, starting its attempts again', async () => {
    const at = new Date('2026-11-27T08:00:00.000Z');
    expect(await db.transaction().execute((trx) => reviveDelivery(trx, emailA, at))).toBe(false);
    expect(await db.transaction().execute((trx) => reviveDelivery(trx, 'not-a-uuid', at))).toBe(false);
    expect(await db.transaction().execute((trx) => reviveDelivery(trx, webhookA, at))).toBe(true);
    expect(await findDelivery(db, webhookA)).toMatchObject({
      status: 'pending',
      attempts: 0,
      updatedAt: at,
      lastError: 'x'.repeat(1000),
    });
    expect(await db.transaction().execute((trx) => reviveDelivery(trx, webhookA, at))).toBe(false);
  });

  it('lists newest first, filtered by status and credential, up to a limit', async () => {
    const [emailB] = await db
      .transaction()
      .execute((trx) => createDeliveries(trx, credentialB, [{ channel: 'email', lmsClientId: null }]));
    await markAttemptFailed(db, emailB!, { error: 'bounced', dead: true, at: T2 });
    const all = await listDeliveries(db);
    expect(all.map((d) => d.id)[0]).toBe(emailB);
    expect(all).toHaveLength(3);
    const created = all.map((d) => d.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect((await listDeliveries(db, { status: 'dead' })).map((d) => d.id)).toEqual([emailB]);
    expect((await listDeliveries(db, { status: 'delivered' })).map((d) => d.id)).toEqual([emailA]);
    expect((await listDeliveries(db, { credentialId: credentialB })).map((d) => d.id)).toEqual([emailB]);
    expect(await listDeliveries(db, { status: 'pending', credentialId: credentialB })).toEqual([]);
    expect(await listDeliveries(db, { limit: 1 })).toEqual(all.slice(0, 1));
  });

  it('refuses a delivery for a credential that does not exist', async () => {
    await expect(
      db.transaction().execute((trx) => createDeliveries(trx, randomUUID(), [{ channel: 'email', lmsClientId: null }])),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
