import { defaultPolicy, type AttainmentPolicy } from '@attain/attainment';
import { parseFramework, type Framework } from '@attain/framework';
import { NoResultError } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { frameworkSource } from '../test-rows.js';
import {
  findCurrentPolicy,
  findFramework,
  findPolicyVersion,
  FrameworkVersionConflictError,
  listFrameworks,
  savePolicy,
  saveFramework,
} from './framework.repository.js';

const save = (db: Db, source: Record<string, unknown>, contentHash: string): Promise<'created' | 'unchanged'> => {
  const framework = parseFramework(source);
  return saveFramework(db, { framework, source, contentHash, policy: defaultPolicy(framework) });
};

describe('framework repository', () => {
  let schema: TestSchema;
  let db: Db;
  const source = frameworkSource('41-2011.00', 'v.26.05', 'Cashiers');
  let framework: Framework;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    framework = parseFramework(source);
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('stores a new version with its statements and policy version 1', async () => {
    expect(await save(db, source, 'hash-1')).toBe('created');
    expect(await findFramework(db, '41-2011.00', 'v.26.05')).toEqual(framework);
    const statements = await db
      .selectFrom('statements')
      .select(['code', 'level_key', 'position', 'text'])
      .where('framework_id', '=', '41-2011.00')
      .orderBy('code')
      .execute();
    expect(statements).toEqual([
      { code: 'developing-1', level_key: 'developing', position: 1, text: 'Handles returns' },
      { code: 'developing-2', level_key: 'developing', position: 2, text: 'Balances the till' },
      { code: 'emerging-1', level_key: 'emerging', position: 1, text: 'Greets customers' },
      { code: 'emerging-2', level_key: 'emerging', position: 2, text: 'Counts change' },
    ]);
    expect(await findCurrentPolicy(db, framework)).toEqual({
      policy: defaultPolicy(framework),
      policyVersion: 1,
      updatedAt: expect.any(Date) as unknown,
    });
  });

  it('keeps the level order of the export (documents are stored as they came)', async () => {
    const stored = await findFramework(db, '41-2011.00', 'v.26.05');
    expect(stored?.levels.map((l) => [l.key, l.index])).toEqual([
      ['emerging', 0],
      ['developing', 1],
    ]);
  });

  it('changes nothing when the same content is imported again', async () => {
    expect(await save(db, source, 'hash-1')).toBe('unchanged');
    expect((await listFrameworks(db)).filter((f) => f.id === '41-2011.00')).toHaveLength(1);
    expect((await findCurrentPolicy(db, framework))?.policyVersion).toBe(1);
  });

  it('refuses other content under the same version as FrameworkVersionConflictError, storing none of it', async () => {
    const changed = frameworkSource('41-2011.00', 'v.26.05', 'Cashiers (edited)');
    const error = await save(db, changed, 'hash-2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FrameworkVersionConflictError);
    expect(error).toMatchObject({ frameworkId: '41-2011.00', version: 'v.26.05' });
    expect((await findFramework(db, '41-2011.00', 'v.26.05'))?.title).toBe('Cashiers');
  });

  it('finds nothing for an unknown framework or version', async () => {
    expect(await findFramework(db, '41-2011.00', 'v.01.01')).toBeUndefined();
    expect(await findFramework(db, '99-9999.00', 'v.26.05')).toBeUndefined();
  });

  it('lists frameworks by id, then version', async () => {
    expect(await save(db, frameworkSource('41-2011.00', 'v.25.11', 'Cashiers'), 'hash-3')).toBe('created');
    expect(await save(db, frameworkSource('11-1011.00', 'v.26.05', 'Chief Executives'), 'hash-4')).toBe('created');
    const listed = await listFrameworks(db);
    expect(listed.map((f) => [f.id, f.version, f.title])).toEqual([
      ['11-1011.00', 'v.26.05', 'Chief Executives'],
      ['41-2011.00', 'v.25.11', 'Cashiers'],
      ['41-2011.00', 'v.26.05', 'Cashiers'],
    ]);
    expect(listed[0]?.importedAt).toBeInstanceOf(Date);
  });

  it('adds a policy version for a changed policy and none for the one in force', async () => {
    const stricter: AttainmentPolicy = { ...defaultPolicy(framework), threshold: 0.9 };
    expect(await savePolicy(db, framework, defaultPolicy(framework))).toBe(1);
    expect(await savePolicy(db, framework, stricter)).toBe(2);
    expect(await savePolicy(db, framework, stricter)).toBe(2);
    expect(await findCurrentPolicy(db, framework)).toMatchObject({ policy: stricter, policyVersion: 2 });
    // Earlier versions stay: attainments name the version they were decided under.
    expect(await findPolicyVersion(db, framework, 1)).toMatchObject({
      policy: defaultPolicy(framework),
      policyVersion: 1,
    });
    expect(await findPolicyVersion(db, framework, 3)).toBeUndefined();
    // Other versions of the framework keep their own policies.
    const older = parseFramework(frameworkSource('41-2011.00', 'v.25.11', 'Cashiers'));
    expect((await findCurrentPolicy(db, older))?.policyVersion).toBe(1);
  });

  it('numbers concurrent policy changes one after another', async () => {
    const executives = parseFramework(frameworkSource('11-1011.00', 'v.26.05', 'Chief Executives'));
    const versions = await Promise.all(
      [0.5, 0.6, 0.7].map((threshold) => savePolicy(db, executives, { ...defaultPolicy(executives), threshold })),
    );
    expect([...versions].sort()).toEqual([2, 3, 4]);
    expect((await findCurrentPolicy(db, executives))?.policyVersion).toBe(4);
  });

  it('lets processes importing the same version at once agree: one creates it, the others find it unchanged', async () => {
    const bakers = frameworkSource('51-3011.00', 'v.26.05', 'Bakers');
    const outcomes = await Promise.all([1, 2, 3].map(() => save(db, bakers, 'hash-bakers')));
    expect([...outcomes].sort()).toEqual(['created', 'unchanged', 'unchanged']);
    expect((await findCurrentPolicy(db, parseFramework(bakers)))?.policyVersion).toBe(1);
  });

  it('refuses a policy for a framework that was never imported', async () => {
    const unknown = parseFramework(frameworkSource('99-9999.00', 'v.26.05'));
    await expect(savePolicy(db, unknown, defaultPolicy(unknown))).rejects.toBeInstanceOf(NoResultError);
    expect(await findCurrentPolicy(db, unknown)).toBeUndefined();
  });
});
