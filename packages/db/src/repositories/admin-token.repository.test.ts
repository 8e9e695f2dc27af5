import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { createAdminToken, findActiveAdminToken, listAdminTokens, revokeAdminToken } from './admin-token.repository.js';

describe('admin token repository', () => {
  let schema: TestSchema;
  let db: Db;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('creates an active token and finds it by its hash', async () => {
    const before = await db.selectNoFrom((eb) => eb.fn<Date>('now', []).as('now')).executeTakeFirstOrThrow();
    const created = await createAdminToken(db, { name: 'ops', tokenHash: 'hash-ops' });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      name: 'ops',
      createdAt: expect.any(Date) as unknown,
      revoked: false,
    });
    expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(before.now.getTime());
    expect(await findActiveAdminToken(db, 'hash-ops')).toEqual(created);
  });

  it('finds nothing for a hash it never stored', async () => {
    expect(await findActiveAdminToken(db, 'hash-unknown')).toBeUndefined();
  });

  it('refuses a second token with the same hash and keeps the first', async () => {
    const first = await createAdminToken(db, { name: 'first', tokenHash: 'hash-dup' });
    await expect(createAdminToken(db, { name: 'second', tokenHash: 'hash-dup' })).rejects.toMatchObject({
      code: '23505',
    });
    expect(await findActiveAdminToken(db, 'hash-dup')).toEqual(first);
  });

  it('revokes once: the token stops being found, a second revocation reports false', async () => {
    const token = await createAdminToken(db, { name: 'leaving', tokenHash: 'hash-leaving' });
    expect(await revokeAdminToken(db, token.id)).toBe(true);
    expect(await findActiveAdminToken(db, 'hash-leaving')).toBeUndefined();
    expect(await revokeAdminToken(db, token.id)).toBe(false);
  });

  it('reports false for revoking an id that does not exist', async () => {
    expect(await revokeAdminToken(db, '00000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it('lists every token oldest first, revoked ones marked', async () => {
    const listed = await listAdminTokens(db);
    expect(listed.map((t) => [t.name, t.revoked])).toEqual([
      ['ops', false],
      ['first', false],
      ['leaving', true],
    ]);
    const times = listed.map((t) => t.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
