import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { frameworkSource, seedFramework } from '../test-rows.js';
import { listAuditEvents } from './audit.repository.js';
import {
  assignFrameworkIssuer,
  createIssuer,
  IssuerExistsError,
  listFrameworkAssignments,
  listIssuers,
  syncDefaultIssuer,
  updateIssuer,
} from './issuer.repository.js';

const AUDIT = { actor: 'admin', at: new Date('2026-11-26T12:00:00Z') };
const profile = { name: 'Northside College', url: 'https://northside.example', email: null, image: null };

describe('issuer repository', () => {
  let schema: TestSchema;
  let db: Db;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    await seedFramework(db, frameworkSource('41-2011.00', 'v.26.05'));
    await seedFramework(db, frameworkSource('11-1011.00', 'v.26.05'));
  });

  afterAll(async () => {
    await schema.drop();
  });

  const updatedAt = async (id: string): Promise<Date> =>
    (await db.selectFrom('issuers').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at;

  it('starts with the default issuer, which signs no framework of its own yet', async () => {
    expect(await listIssuers(db)).toEqual([
      { id: 'default', name: 'Attain', url: null, email: null, image: null, frameworks: [] },
    ]);
  });

  it('keeps the default issuer in step with the configuration, touching it only on a change', async () => {
    const config = {
      name: 'Attain Academy',
      url: 'https://attain.example',
      email: 'badges@attain.example',
      image: null,
    };
    await syncDefaultIssuer(db, config);
    expect((await listIssuers(db))[0]).toEqual({ id: 'default', ...config, frameworks: [] });
    const touched = await updatedAt('default');
    await syncDefaultIssuer(db, config);
    expect(await updatedAt('default')).toEqual(touched);
    await syncDefaultIssuer(db, { ...config, url: null });
    expect((await listIssuers(db))[0]?.url).toBeNull();
  });

  it('creates an issuer and audits it in the same transaction', async () => {
    await createIssuer(db, { id: 'northside', ...profile }, AUDIT);
    expect((await listIssuers(db)).map((i) => i.id)).toEqual(['default', 'northside']);
    expect(await listAuditEvents(db, { subject: 'northside' })).toMatchObject([
      { actor: 'admin', action: 'issuer.created', at: AUDIT.at, data: { id: 'northside', ...profile } },
    ]);
  });

  it('refuses a second issuer with the same id as IssuerExistsError, auditing nothing more', async () => {
    const error = await createIssuer(db, { id: 'northside', ...profile, name: 'Impostor' }, AUDIT).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IssuerExistsError);
    expect(error).toMatchObject({ issuerId: 'northside', message: 'An issuer northside already exists.' });
    expect((await listIssuers(db)).find((i) => i.id === 'northside')?.name).toBe('Northside College');
    expect(await listAuditEvents(db, { subject: 'northside' })).toHaveLength(1);
  });

  it('refuses an id that is not a lowercase slug (the CHECK is not translated)', async () => {
    await expect(createIssuer(db, { id: 'North Side', ...profile }, AUDIT)).rejects.toMatchObject({ code: '23514' });
    expect(await listAuditEvents(db, { subject: 'North Side' })).toEqual([]);
  });

  it('updates only the fields given and audits the change; an unknown issuer gives false', async () => {
    expect(await updateIssuer(db, 'northside', { email: 'registry@northside.example' }, AUDIT)).toBe(true);
    expect((await listIssuers(db)).find((i) => i.id === 'northside')).toEqual({
      id: 'northside',
      ...profile,
      email: 'registry@northside.example',
      frameworks: [],
    });
    expect(await updatedAt('northside')).toEqual(AUDIT.at);
    expect((await listAuditEvents(db, { subject: 'northside', limit: 1 }))[0]).toMatchObject({
      action: 'issuer.updated',
      data: { email: 'registry@northside.example' },
    });
    expect(await updateIssuer(db, 'nobody', { name: 'X' }, AUDIT)).toBe(false);
    expect(await listAuditEvents(db, { subject: 'nobody' })).toEqual([]);
  });

  it('assigns frameworks to issuers, naming which side is unknown', async () => {
    expect(await assignFrameworkIssuer(db, '41-2011.00', 'nobody', AUDIT)).toBe('no-issuer');
    expect(await assignFrameworkIssuer(db, '99-9999.00', 'northside', AUDIT)).toBe('no-framework');
    expect(await listFrameworkAssignments(db)).toEqual([]);
    expect(await assignFrameworkIssuer(db, '41-2011.00', 'northside', AUDIT)).toBe('assigned');
    expect(await assignFrameworkIssuer(db, '11-1011.00', 'northside', AUDIT)).toBe('assigned');
    expect((await listIssuers(db)).find((i) => i.id === 'northside')?.frameworks).toEqual(['11-1011.00', '41-2011.00']);
    expect((await listAuditEvents(db, { subject: 'northside', limit: 1 }))[0]).toMatchObject({
      action: 'issuer.framework_assigned',
      data: { framework: '11-1011.00' },
    });
  });

  it('moves a framework to another issuer: one issuer per framework', async () => {
    const later = { actor: 'admin', at: new Date('2026-11-27T08:00:00Z') };
    expect(await assignFrameworkIssuer(db, '41-2011.00', 'default', later)).toBe('assigned');
    const assignments = await listFrameworkAssignments(db);
    expect([...assignments].sort((a, b) => a.frameworkId.localeCompare(b.frameworkId))).toEqual([
      { frameworkId: '11-1011.00', issuerId: 'northside' },
      { frameworkId: '41-2011.00', issuerId: 'default' },
    ]);
    const moved = await db
      .selectFrom('framework_issuers')
      .select('assigned_at')
      .where('framework_id', '=', '41-2011.00')
      .executeTakeFirstOrThrow();
    expect(moved.assigned_at).toEqual(later.at);
    expect((await listIssuers(db)).map((i) => [i.id, i.frameworks])).toEqual([
      ['default', ['41-2011.00']],
      ['northside', ['11-1011.00']],
    ]);
  });
});
