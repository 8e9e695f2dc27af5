import { randomUUID } from 'node:crypto';
import type { Framework } from '@attain/framework';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import {
  frameworkSource,
  seedAttainment,
  seedCredential,
  seedEvent,
  seedFramework,
  seedLearner,
  seedLmsClient,
} from '../test-rows.js';
import {
  findAttainmentForIssue,
  findEvidenceFrameworks,
  findEvidenceOfEvents,
  findExpiredRounds,
  insertAttainments,
  insertEvidence,
  listUnsupportedAttainments,
  loadLearnerEvidence,
  lockAttainment,
  lockLearnerEvaluation,
  markAttainmentSupport,
  renewAttainment,
  setEventStatus,
  type EvidenceRow,
  type NewAttainment,
} from './pipeline.repository.js';

const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 20, 10, minute));

describe('pipeline repository', () => {
  let schema: TestSchema;
  let db: Db;
  let cashiers: Framework;
  let executives: Framework;
  let client: string;
  let ada: string;
  let bob: string;
  // Ada's events, completed at minutes 30, 10 and 20: their order is by time, not by insertion.
  let late: string;
  let early: string;
  let middle: string;

  const row = (eventId: string, framework: Framework, code: string, minute: number, learnerId = ada): EvidenceRow => ({
    eventId,
    frameworkId: framework.id,
    version: framework.version,
    statementCode: code,
    learnerId,
    passed: code.endsWith('2') ? null : true,
    scoreScaled: code.endsWith('2') ? 0.85 : null,
    occurredAt: at(minute),
  });

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    cashiers = await seedFramework(db, frameworkSource('41-2011.00', 'v.26.05', 'Cashiers'));
    executives = await seedFramework(db, frameworkSource('11-1011.00', 'v.26.05', 'Chief Executives'));
    client = await seedLmsClient(db);
    ada = await seedLearner(db, { lmsClientId: client, lmsUserId: 'ada', name: 'Ada L', account: 'ada-account' });
    bob = await seedLearner(db, { lmsClientId: client, lmsUserId: 'bob' });
    late = await seedEvent(db, { lmsClientId: client, learnerId: ada, activityId: 'quiz-3', completedAt: at(30) });
    early = await seedEvent(db, { lmsClientId: client, learnerId: ada, activityId: 'quiz-1', completedAt: at(10) });
    middle = await seedEvent(db, { lmsClientId: client, learnerId: ada, activityId: 'quiz-2', completedAt: at(20) });
  });

  afterAll(async () => {
    await schema.drop();
  });

  describe('evidence', () => {
    it('inserts evidence rows once, counting only the new ones', async () => {
      expect(
        await insertEvidence(db, [
          row(late, cashiers, 'emerging-2', 30),
          row(late, cashiers, 'emerging-1', 30),
          row(early, cashiers, 'emerging-1', 10),
        ]),
      ).toBe(3);
      expect(await insertEvidence(db, [row(early, cashiers, 'emerging-1', 10)])).toBe(0);
      expect(
        await insertEvidence(db, [row(early, cashiers, 'emerging-1', 10), row(middle, executives, 'emerging-1', 20)]),
      ).toBe(1);
      expect(await insertEvidence(db, [])).toBe(0);
    });

    it('refuses evidence for a statement the framework does not have', async () => {
      await expect(insertEvidence(db, [row(middle, cashiers, 'expert-1', 20)])).rejects.toMatchObject({
        code: '23503',
      });
    });

    it('names each framework version an event is evidence for, once', async () => {
      await insertEvidence(db, [row(middle, cashiers, 'developing-1', 20)]);
      const frameworks = await findEvidenceFrameworks(db, middle);
      expect([...frameworks].sort((a, b) => a.frameworkId.localeCompare(b.frameworkId))).toEqual([
        { frameworkId: '11-1011.00', version: 'v.26.05' },
        { frameworkId: '41-2011.00', version: 'v.26.05' },
      ]);
      expect(await findEvidenceFrameworks(db, late)).toEqual([{ frameworkId: '41-2011.00', version: 'v.26.05' }]);
      expect(await findEvidenceFrameworks(db, randomUUID())).toEqual([]);
    });

    it("loads a learner's evidence in one framework version in the order it happened", async () => {
      const bobEvent = await seedEvent(db, {
        lmsClientId: client,
        learnerId: bob,
        activityId: 'quiz-1',
        completedAt: at(5),
      });
      await insertEvidence(db, [row(bobEvent, cashiers, 'emerging-1', 5, bob)]);
      const loaded = await loadLearnerEvidence(db, ada, cashiers.id, cashiers.version);
      // Ordered by time, then event; the statements of one event come in no promised order.
      const sameEvent = loaded.slice(2).sort((a, b) => a.statementCode.localeCompare(b.statementCode));
      expect([...loaded.slice(0, 2), ...sameEvent]).toEqual([
        { eventId: early, statementCode: 'emerging-1', passed: true, scaled: null, occurredAt: at(10) },
        { eventId: middle, statementCode: 'developing-1', passed: true, scaled: null, occurredAt: at(20) },
        { eventId: late, statementCode: 'emerging-1', passed: true, scaled: null, occurredAt: at(30) },
        { eventId: late, statementCode: 'emerging-2', passed: null, scaled: 0.85, occurredAt: at(30) },
      ]);
      expect((await loadLearnerEvidence(db, ada, executives.id, executives.version)).map((e) => e.eventId)).toEqual([
        middle,
      ]);
      expect(await loadLearnerEvidence(db, ada, cashiers.id, 'v.00.00')).toEqual([]);
    });

    it('sets the status of an assessment event', async () => {
      await setEventStatus(db, early, 'mapped');
      await setEventStatus(db, late, 'unmapped');
      const rows = await db
        .selectFrom('assessment_events')
        .select(['id', 'status'])
        .where('id', 'in', [early, late, middle])
        .execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
        [early]: 'mapped',
        [late]: 'unmapped',
        [middle]: 'received',
      });
    });
  });

  describe('attainments', () => {
    const attainment = (levelKey: string, learnerId = ada): NewAttainment => ({
      id: randomUUID(),
      learnerId,
      frameworkId: cashiers.id,
      version: cashiers.version,
      levelKey,
      attainedAt: at(31),
      recipientSalt: `salt-${levelKey}`,
      evidenceEventIds: [late, early, middle],
      policyVersion: 1,
    });
    let emerging: NewAttainment;

    it('inserts new attainments and ignores one already recorded, under its id or its level', async () => {
      emerging = attainment('emerging');
      expect(await insertAttainments(db, [emerging])).toEqual([emerging.id]);
      expect(await insertAttainments(db, [emerging])).toEqual([]);
      const sameLevel = attainment('emerging');
      const developing = attainment('developing');
      expect(await insertAttainments(db, [sameLevel, developing])).toEqual([developing.id]);
      expect(await insertAttainments(db, [])).toEqual([]);
    });

    it('gathers what issuing needs: the learner and the evidence of this framework by event, in time order', async () => {
      expect(await findAttainmentForIssue(db, emerging.id)).toEqual({
        id: emerging.id,
        round: 1,
        frameworkId: '41-2011.00',
        version: 'v.26.05',
        levelKey: 'emerging',
        attainedAt: at(31),
        recipientSalt: 'salt-emerging',
        policyVersion: 1,
        learner: { id: ada, identityType: 'account', identity: 'ada-account', name: 'Ada L' },
        evidence: [
          { id: early, activityId: 'quiz-1', completedAt: at(10), statementCodes: ['emerging-1'] },
          { id: middle, activityId: 'quiz-2', completedAt: at(20), statementCodes: ['developing-1'] },
          { id: late, activityId: 'quiz-3', completedAt: at(30), statementCodes: ['emerging-1', 'emerging-2'] },
        ],
      });
      expect(await findAttainmentForIssue(db, randomUUID())).toBeUndefined();
      expect(await findEvidenceOfEvents(db, [], cashiers.id, cashiers.version)).toEqual([]);
      expect(await findEvidenceOfEvents(db, [middle], executives.id, executives.version)).toEqual([
        { id: middle, activityId: 'quiz-2', completedAt: at(20), statementCodes: ['emerging-1'] },
      ]);
    });

    it('marks levels the evidence no longer supports, keeps the first date, and clears them when supported again', async () => {
      const support = (supportedLevels: string[], now: Date): Promise<void> =>
        markAttainmentSupport(db, {
          learnerId: ada,
          frameworkId: cashiers.id,
          version: cashiers.version,
          supportedLevels,
          now,
        });
      const bobs = attainment('emerging', bob);
      await insertAttainments(db, [bobs]);
      await support(['emerging'], at(40));
      await support(['emerging'], at(41));
      await support([], at(42));
      const credential = await seedCredential(db, { attainmentId: emerging.id, learnerId: ada });
      const unsupported = await listUnsupportedAttainments(db);
      expect(unsupported.map((u) => [u.level, u.unsupportedSince, u.credentialId])).toEqual([
        ['developing', at(40), null],
        ['emerging', at(42), credential],
      ]);
      expect(unsupported[1]).toEqual({
        attainmentId: emerging.id,
        credentialId: credential,
        learnerId: ada,
        lmsUserId: 'ada',
        frameworkId: '41-2011.00',
        version: 'v.26.05',
        level: 'emerging',
        unsupportedSince: at(42),
      });
      await support(['emerging', 'developing'], at(43));
      expect(await listUnsupportedAttainments(db)).toEqual([]);
    });

    it('locks an attainment that exists and reports one that does not', async () => {
      expect(await db.transaction().execute((trx) => lockAttainment(trx, emerging.id))).toBe(true);
      expect(await db.transaction().execute((trx) => lockAttainment(trx, randomUUID()))).toBe(false);
    });

    it('renews a round once, even when two evaluations race', async () => {
      const renewal = {
        id: emerging.id,
        fromRound: 1,
        attainedAt: at(50),
        recipientSalt: 'salt-2',
        evidenceEventIds: [late],
        policyVersion: 2,
      };
      const results = await Promise.all([renewAttainment(db, renewal), renewAttainment(db, renewal)]);
      expect([...results].sort()).toEqual([false, true]);
      expect(await findAttainmentForIssue(db, emerging.id)).toMatchObject({
        round: 2,
        attainedAt: at(50),
        recipientSalt: 'salt-2',
        policyVersion: 2,
        evidence: [{ id: late, statementCodes: ['emerging-1', 'emerging-2'] }],
      });
      expect(await renewAttainment(db, { ...renewal, fromRound: 1 })).toBe(false);
    });
  });

  describe('expired rounds', () => {
    const NOW = new Date('2027-01-01T00:00:00.000Z');
    const PAST = new Date('2026-12-01T00:00:00.000Z');
    const FUTURE = new Date('2027-06-01T00:00:00.000Z');

    /** An attainment of a learner of its own whose current-round credential expires at `validUntil`. */
    const expiring = async (
      name: string,
      validUntil: Date | null,
      options: { round?: number; credentialRound?: number } = {},
    ): Promise<{ attainment: string; credential: string }> => {
      const learner = await seedLearner(db, { lmsClientId: client, lmsUserId: name });
      const attainment = await seedAttainment(db, {
        learnerId: learner,
        framework: executives,
        levelKey: 'emerging',
        round: options.round ?? 1,
      });
      const credential = await seedCredential(db, {
        attainmentId: attainment,
        learnerId: learner,
        round: options.credentialRound ?? options.round ?? 1,
        validUntil,
      });
      return { attainment, credential };
    };

    const setStatus = async (
      credentialId: string,
      purpose: 'revocation' | 'suspension',
      idx: number,
    ): Promise<void> => {
      const list = await db
        .insertInto('status_lists')
        .values({ issuer_did: 'did:web:attain.test', purpose, length: 131072 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('status_entries')
        .values({ list_id: list.id, idx, credential_id: `urn:uuid:${credentialId}`, purpose, is_set: true })
        .execute();
    };

    it('finds the attainments whose current credential has expired and is not revoked', async () => {
      const expired = await expiring('expired', PAST);
      const endsNow = await expiring('ends-now', NOW);
      const valid = await expiring('valid', FUTURE);
      const forever = await expiring('forever', null);
      const revoked = await expiring('revoked', PAST);
      const suspended = await expiring('suspended', PAST);
      const renewedRound = await expiring('renewed', PAST, { round: 2, credentialRound: 1 });
      const secondRound = await expiring('second', PAST, { round: 2 });
      await setStatus(revoked.credential, 'revocation', 7);
      await setStatus(suspended.credential, 'suspension', 8);
      const all = [expired, endsNow, valid, forever, revoked, suspended, renewedRound, secondRound];
      const found = await findExpiredRounds(
        db,
        all.map((a) => a.attainment),
        NOW,
      );
      const byId = new Map(found.map((f) => [f.attainmentId, f]));
      expect(byId.size).toBe(found.length);
      expect(new Set(byId.keys())).toEqual(
        new Set([expired.attainment, endsNow.attainment, suspended.attainment, secondRound.attainment]),
      );
      expect(byId.get(expired.attainment)).toEqual({ attainmentId: expired.attainment, round: 1, validUntil: PAST });
      expect(byId.get(secondRound.attainment)).toEqual({
        attainmentId: secondRound.attainment,
        round: 2,
        validUntil: PAST,
      });
      expect(await findExpiredRounds(db, [valid.attainment], NOW)).toEqual([]);
      expect(await findExpiredRounds(db, [], NOW)).toEqual([]);
    });
  });

  describe('evaluation lock', () => {
    const waitingOn = async (key: string): Promise<number> => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and not granted
          and objid::bigint = (hashtext(${key})::bigint & 4294967295)`.execute(db);
      return rows[0]?.n ?? 0;
    };

    it('serialises evaluations of one learner and framework version, and only those', async () => {
      const key = JSON.stringify(['evaluate', ada, cashiers.id, cashiers.version]);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const firstLocked = new Promise<void>((resolve) => (locked = resolve));
      const first = db.transaction().execute(async (trx) => {
        await lockLearnerEvaluation(trx, ada, cashiers.id, cashiers.version);
        locked();
        await held;
        order.push('first commits');
      });
      await firstLocked;
      const second = db.transaction().execute(async (trx) => {
        await lockLearnerEvaluation(trx, ada, cashiers.id, cashiers.version);
        order.push('second holds the lock');
      });
      // Wait on the server's own view of the queue rather than a fixed delay.
      for (let i = 0; (await waitingOn(key)) === 0; i++) {
        if (i > 500) throw new Error('the second evaluation never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Another learner, or another version, is not held up.
      await db.transaction().execute((trx) => lockLearnerEvaluation(trx, bob, cashiers.id, cashiers.version));
      await db.transaction().execute((trx) => lockLearnerEvaluation(trx, ada, executives.id, executives.version));
      expect(order).toEqual([]);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first commits', 'second holds the lock']);
    });
  });
});
