import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { frameworkSource, seedEvent, seedFramework, seedLearner, seedLmsClient } from '../test-rows.js';
import {
  findLearnerByProgressToken,
  findLearnerIdsByEmail,
  issueProgressToken,
  learnerFrameworks,
} from './progress.repository.js';

describe('progress repository', () => {
  let schema: TestSchema;
  let db: Db;
  let clientA: string;
  let ada: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    clientA = await seedLmsClient(db, 'A');
    ada = await seedLearner(db, { lmsClientId: clientA, lmsUserId: 'ada', name: 'Ada L', email: 'ada@example.edu' });
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('issues a 256-bit token, stores only its SHA-256 and finds the learner by it', async () => {
    const token = await issueProgressToken(db, ada);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db
      .selectFrom('learners')
      .select('progress_token_hash')
      .where('id', '=', ada)
      .executeTakeFirstOrThrow();
    expect(stored.progress_token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(await findLearnerByProgressToken(db, token)).toEqual({ id: ada, name: 'Ada L' });
  });

  it('makes the earlier link stop working when a new one is issued', async () => {
    const first = await issueProgressToken(db, ada);
    const second = await issueProgressToken(db, ada);
    expect(second).not.toBe(first);
    expect(await findLearnerByProgressToken(db, first)).toBeUndefined();
    expect(await findLearnerByProgressToken(db, second)).toEqual({ id: ada, name: 'Ada L' });
  });

  it('refuses to issue a token for a learner that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(issueProgressToken(db, missing)).rejects.toThrow(`no learner ${missing}`);
  });

  it('finds nothing for a malformed or unknown token', async () => {
    const token = await issueProgressToken(db, ada);
    // The stored hash itself is not a token, nor is a token of the wrong shape.
    const hash = createHash('sha256').update(token).digest('hex');
    expect(await findLearnerByProgressToken(db, hash)).toBeUndefined();
    expect(await findLearnerByProgressToken(db, `${token}x`)).toBeUndefined();
    expect(await findLearnerByProgressToken(db, 'A'.repeat(43))).toBeUndefined();
  });

  it("lists a learner's frameworks by id, newest version first, once each", async () => {
    const older = await seedFramework(db, frameworkSource('41-2011.00', 'v.25.01'));
    const newer = await seedFramework(db, frameworkSource('41-2011.00', 'v.26.05'));
    const other = await seedFramework(db, frameworkSource('11-1011.00', 'v.26.05'));
    const bob = await seedLearner(db, { lmsClientId: clientA, lmsUserId: 'bob' });
    const at = new Date('2026-11-20T10:00:00Z');
    const evidence = async (learnerId: string, f: typeof older, code: string): Promise<void> => {
      const eventId = await seedEvent(db, { lmsClientId: clientA, learnerId, activityId: 'quiz', completedAt: at });
      await db
        .insertInto('evidence')
        .values({
          event_id: eventId,
          framework_id: f.id,
          version: f.version,
          statement_code: code,
          learner_id: learnerId,
          passed: true,
          score_scaled: 0.9,
          occurred_at: at,
        })
        .execute();
    };
    await evidence(ada, older, 'emerging-1');
    await evidence(ada, newer, 'emerging-1');
    await evidence(ada, newer, 'emerging-2');
    await evidence(ada, other, 'developing-1');
    await evidence(bob, other, 'emerging-1');
    expect(await learnerFrameworks(db, ada)).toEqual([
      { frameworkId: '11-1011.00', version: 'v.26.05' },
      { frameworkId: '41-2011.00', version: 'v.26.05' },
      { frameworkId: '41-2011.00', version: 'v.25.01' },
    ]);
    expect(await learnerFrameworks(db, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('finds learners by e-mail across clients, ignoring case and surrounding spaces', async () => {
    const clientB = await seedLmsClient(db, 'B');
    const adaAtB = await seedLearner(db, { lmsClientId: clientB, lmsUserId: 'ada-b', email: 'ada@example.edu' });
    await seedLearner(db, { lmsClientId: clientB, lmsUserId: 'acct', email: null, account: 'acct-1' });
    expect((await findLearnerIdsByEmail(db, '  ADA@Example.edu ')).sort()).toEqual([ada, adaAtB].sort());
    expect(await findLearnerIdsByEmail(db, 'nobody@example.edu')).toEqual([]);
  });
});
