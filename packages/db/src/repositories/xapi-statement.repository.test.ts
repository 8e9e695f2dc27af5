import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { frameworkSource, seedEvent, seedFramework, seedLearner, seedLmsClient } from '../test-rows.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import type { EvaluateLearnerWork } from './outbox.repository.js';
import { insertEvidence } from './pipeline.repository.js';
import {
  findEarlierVoiders,
  findXapiStatements,
  insertXapiStatements,
  voidXapiStatement,
} from './xapi-statement.repository.js';

const evaluateWork: EvaluateLearnerWork = (learnerId, frameworkId, version) => ({
  topic: 'test.evaluate',
  jobKey: `${learnerId}|${frameworkId}|${version}`,
  payload: { learnerId, frameworkId, version },
});
const dispatchAfter = new Date('2026-12-01T10:00:00Z');
const [st1, st2, v0, v1, unknown] = Array.from({ length: 5 }, () => randomUUID()) as [
  string,
  string,
  string,
  string,
  string,
];

describe('xAPI statement repository', () => {
  let schema: TestSchema;
  let db: Db;
  let lmsClientId: string;
  let otherClient: string;
  let learnerId: string;
  let eventId: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    await seedFramework(db, frameworkSource('41-3031.00', 'v.26.05'));
    await seedFramework(db, frameworkSource('41-3031.00', 'v.26.11'));
    lmsClientId = await seedLmsClient(db, 'A');
    otherClient = await seedLmsClient(db, 'B');
    learnerId = await seedLearner(db, { lmsClientId, lmsUserId: 'u-1' });
    eventId = await seedEvent(db, {
      lmsClientId,
      learnerId,
      activityId: 'course-1',
      completedAt: new Date('2026-11-30T09:00:00Z'),
    });
    const evidence = (version: string, statementCode: string) => ({
      eventId,
      frameworkId: '41-3031.00',
      version,
      statementCode,
      learnerId,
      passed: true,
      scoreScaled: 0.9,
      occurredAt: new Date('2026-11-30T09:00:00Z'),
    });
    await insertEvidence(db, [
      evidence('v.26.05', 'emerging-1'),
      evidence('v.26.05', 'emerging-2'),
      evidence('v.26.11', 'emerging-1'),
    ]);
    await db
      .transaction()
      .execute((trx) =>
        insertXapiStatements(trx, lmsClientId, [
          { statementId: st1, contentHash: 'h1', statement: { id: st1 }, voidsTarget: null, eventId },
        ]),
      );
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('finds stored statements of the client by id', async () => {
    const found = await db.transaction().execute((trx) => findXapiStatements(trx, lmsClientId, [st1, unknown]));
    expect([...found.values()]).toEqual([{ statementId: st1, contentHash: 'h1', voiding: false, eventId }]);
    const elsewhere = await db.transaction().execute((trx) => findXapiStatements(trx, otherClient, [st1]));
    expect(elsewhere.size).toBe(0);
  });

  it('changes nothing when the target was never sent by this client', async () => {
    const work = await db.transaction().execute((trx) =>
      voidXapiStatement(trx, {
        lmsClientId: otherClient,
        targetId: st1,
        voidingId: v0,
        dispatchAfter,
        evaluateWork,
      }),
    );
    expect(work).toEqual([]);
    expect((await db.selectFrom('evidence').select('event_id').execute()).length).toBe(3);
  });

  it('voids: the event stops counting, its evidence is retracted, and each affected evaluation is asked for once', async () => {
    const work = await db.transaction().execute(async (trx) => {
      await insertXapiStatements(trx, lmsClientId, [
        { statementId: v1, contentHash: 'hv', statement: { id: v1 }, voidsTarget: st1, eventId: null },
      ]);
      return voidXapiStatement(trx, { lmsClientId, targetId: st1, voidingId: v1, dispatchAfter, evaluateWork });
    });
    expect(work.map((w) => [w.topic, w.jobKey, w.payload]).sort()).toEqual([
      [
        'test.evaluate',
        `${learnerId}|41-3031.00|v.26.05`,
        { learnerId, frameworkId: '41-3031.00', version: 'v.26.05' },
      ],
      [
        'test.evaluate',
        `${learnerId}|41-3031.00|v.26.11`,
        { learnerId, frameworkId: '41-3031.00', version: 'v.26.11' },
      ],
    ]);
    const event = await db
      .selectFrom('assessment_events')
      .select(['status', 'voided_by'])
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ status: 'voided', voided_by: v1 });
    expect(await db.selectFrom('evidence').select('event_id').execute()).toEqual([]);
    const voiders = await db.transaction().execute((trx) => findEarlierVoiders(trx, lmsClientId, [st1, st2]));
    expect([...voiders]).toEqual([[st1, v1]]);
  });
});
