import { randomUUID } from 'node:crypto';
import type { Framework } from '@attain/framework';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { frameworkSource, seedAttainment, seedFramework, seedLearner, seedLmsClient } from '../test-rows.js';
import {
  countCredentials,
  credentialExistsForAttainment,
  findBadge,
  findCredential,
  insertCredential,
  insertVcApiCredential,
  listCredentials,
  listCredentialVersions,
  lockCredential,
  saveCorrection,
  vcApiCredentialExists,
  type StoredCredential,
} from './credential.repository.js';

const VALID_FROM = new Date('2026-11-20T10:00:00.000Z');
const VALID_UNTIL = new Date('2027-11-20T10:00:00.000Z');

/** A credential as the issuing processor stores it; keys deliberately not in alphabetical order. */
function signed(attainmentId: string, learnerId: string, round = 1): Omit<StoredCredential, 'issuedAt' | 'version'> {
  const id = randomUUID();
  return {
    id,
    attainmentId,
    round,
    learnerId,
    issuerDid: 'did:web:attain.test',
    verificationMethod: 'did:web:attain.test#key-1',
    document: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      id: `urn:uuid:${id}`,
      credentialSubject: { type: ['AchievementSubject'], achievement: { name: 'Emerging — Cashiers' } },
      proof: { type: 'DataIntegrityProof', proofValue: 'z58abc' },
    },
    validFrom: VALID_FROM,
    validUntil: null,
  };
}

describe('credential repository', () => {
  let schema: TestSchema;
  let db: Db;
  let framework: Framework;
  let client: string;
  let ada: string;
  let bob: string;
  let adaEmerging: string;
  let first: Omit<StoredCredential, 'issuedAt' | 'version'>;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    framework = await seedFramework(db, frameworkSource('41-2011.00', 'v.26.05', 'Cashiers'));
    client = await seedLmsClient(db);
    ada = await seedLearner(db, { lmsClientId: client, lmsUserId: 'ada', name: 'Ada L', email: 'ada@example.edu' });
    bob = await seedLearner(db, { lmsClientId: client, lmsUserId: 'bob', email: null, account: 'bob-account' });
    adaEmerging = await seedAttainment(db, { learnerId: ada, framework, levelKey: 'emerging' });
    first = signed(adaEmerging, ada);
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('stores a signed credential and reads it back with its document byte for byte', async () => {
    expect(await insertCredential(db, { ...first, validUntil: VALID_UNTIL })).toBe(true);
    const stored = await findCredential(db, first.id);
    expect(stored).toEqual({ ...first, validUntil: VALID_UNTIL, version: 1, issuedAt: expect.any(Date) as unknown });
    // json, not jsonb: a signed document keeps its key order.
    expect(Object.keys(stored!.document)).toEqual(['@context', 'type', 'id', 'credentialSubject', 'proof']);
    expect(await credentialExistsForAttainment(db, adaEmerging)).toBe(true);
    expect(await credentialExistsForAttainment(db, adaEmerging, 2)).toBe(false);
  });

  it('ignores a second credential for the same round of an attainment, or under the same id', async () => {
    expect(await insertCredential(db, signed(adaEmerging, ada))).toBe(false);
    expect(await insertCredential(db, { ...signed(adaEmerging, ada, 2), id: first.id })).toBe(false);
    expect(await countCredentials(db)).toBe(1);
    expect((await findCredential(db, first.id))?.document).toEqual(first.document);
  });

  it('stores the next round of a renewed attainment as a credential of its own', async () => {
    const renewed = signed(adaEmerging, ada, 2);
    expect(await db.transaction().execute((trx) => insertCredential(trx, renewed))).toBe(true);
    expect(await credentialExistsForAttainment(db, adaEmerging, 2)).toBe(true);
    expect((await findCredential(db, renewed.id))?.round).toBe(2);
    expect(await countCredentials(db)).toBe(2);
  });

  it('finds nothing for an unknown or malformed id', async () => {
    expect(await findCredential(db, randomUUID())).toBeUndefined();
    expect(await findCredential(db, 'urn:uuid:nope')).toBeUndefined();
    expect(await listCredentialVersions(db, randomUUID())).toEqual([]);
    expect(await findBadge(db, 'nope')).toBeUndefined();
  });

  it('lists credentials oldest first, filtered by normalised e-mail or by learners, up to a limit', async () => {
    const bobEmerging = await seedAttainment(db, { learnerId: bob, framework, levelKey: 'emerging' });
    const bobs = signed(bobEmerging, bob);
    await insertCredential(db, bobs);
    const all = await listCredentials(db);
    expect(all.map((c) => [c.learnerId, c.level])).toEqual([
      [ada, 'emerging'],
      [ada, 'emerging'],
      [bob, 'emerging'],
    ]);
    expect(all[0]).toEqual({
      id: first.id,
      frameworkId: '41-2011.00',
      version: 'v.26.05',
      level: 'emerging',
      learnerId: ada,
      lmsUserId: 'ada',
      issuedAt: expect.any(Date) as unknown,
      validFrom: VALID_FROM,
      validUntil: VALID_UNTIL,
    });
    const issued = all.map((c) => c.issuedAt.getTime());
    expect(issued).toEqual([...issued].sort((a, b) => a - b));
    expect((await listCredentials(db, { email: ' ADA@example.EDU ' })).map((c) => c.learnerId)).toEqual([ada, ada]);
    expect((await listCredentials(db, { learnerIds: [bob] })).map((c) => c.id)).toEqual([bobs.id]);
    expect(await listCredentials(db, { learnerIds: [] })).toEqual([]);
    expect(await listCredentials(db, { limit: 2 })).toEqual(all.slice(0, 2));
  });

  it('keeps VC-API credentials apart, once per credential id', async () => {
    const row = {
      credentialId: 'urn:uuid:vc-api-1',
      issuerDid: 'did:key:z6Mk',
      document: { a: 1 },
      issuedBy: 'token-1',
    };
    expect(await vcApiCredentialExists(db, row.credentialId)).toBe(false);
    await insertVcApiCredential(db, row);
    expect(await vcApiCredentialExists(db, row.credentialId)).toBe(true);
    await expect(insertVcApiCredential(db, { ...row, issuedBy: 'token-2' })).rejects.toMatchObject({ code: '23505' });
    expect(await countCredentials(db)).toBe(3);
  });

  it('corrects a credential in place and keeps every earlier version', async () => {
    const correctedAt = new Date('2026-11-25T09:00:00.000Z');
    const corrected = {
      ...first.document,
      credentialSubject: { achievement: { name: 'Emerging — Cashiers (fixed)' } },
    };
    const version = await db.transaction().execute(async (trx) => {
      const locked = await lockCredential(trx, first.id);
      expect(locked?.version).toBe(1);
      return saveCorrection(trx, locked!, {
        document: corrected,
        validFrom: correctedAt,
        verificationMethod: 'did:web:attain.test#key-2',
        reason: 'misspelt name',
        at: correctedAt,
      });
    });
    expect(version).toBe(2);
    expect(await findCredential(db, first.id)).toMatchObject({
      id: first.id,
      version: 2,
      document: corrected,
      validFrom: correctedAt,
      validUntil: VALID_UNTIL,
      verificationMethod: 'did:web:attain.test#key-2',
    });
    expect(await listCredentialVersions(db, first.id)).toEqual([
      {
        version: 1,
        document: first.document,
        validFrom: VALID_FROM,
        validUntil: VALID_UNTIL,
        supersededAt: correctedAt,
        reason: 'misspelt name',
      },
      {
        version: 2,
        document: corrected,
        validFrom: correctedAt,
        validUntil: VALID_UNTIL,
        supersededAt: null,
        reason: null,
      },
    ]);
  });

  it('leaves no trace of a correction whose transaction rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        const locked = await lockCredential(trx, first.id);
        await saveCorrection(trx, locked!, {
          document: { replaced: true },
          validFrom: VALID_FROM,
          verificationMethod: 'did:web:attain.test#key-3',
          reason: 'abandoned',
          at: VALID_FROM,
        });
        throw new Error('signing failed');
      }),
    ).rejects.toThrow('signing failed');
    expect((await findCredential(db, first.id))?.version).toBe(2);
    expect(await listCredentialVersions(db, first.id)).toHaveLength(2);
    expect(await db.transaction().execute((trx) => lockCredential(trx, 'not-a-uuid'))).toBeUndefined();
  });

  it('reads what a badge page shows: level label from the achievement, e-mail only for e-mail identities', async () => {
    expect(await findBadge(db, first.id)).toEqual({
      credential: await findCredential(db, first.id),
      frameworkId: '41-2011.00',
      version: 'v.26.05',
      frameworkTitle: 'Cashiers',
      levelKey: 'emerging',
      levelLabel: 'Emerging',
      learnerName: 'Ada L',
      learnerEmail: 'ada@example.edu',
      lmsUserId: 'ada',
    });
    const [bobs] = await listCredentials(db, { learnerIds: [bob] });
    expect(await findBadge(db, bobs!.id)).toMatchObject({
      learnerEmail: null,
      levelLabel: 'Emerging',
      lmsUserId: 'bob',
    });
  });

  it('falls back to the level key when the document names no achievement', async () => {
    const developing = await seedAttainment(db, { learnerId: ada, framework, levelKey: 'developing' });
    const plain = { ...signed(developing, ada), document: { id: 'urn:uuid:plain' } };
    await insertCredential(db, plain);
    expect((await findBadge(db, plain.id))?.levelLabel).toBe('developing');
  });
});
