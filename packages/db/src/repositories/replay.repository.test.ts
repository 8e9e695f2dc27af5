import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import {
  frameworkSource,
  seedAttainment,
  seedCredential,
  seedEvent,
  seedFramework,
  seedLearner,
  seedLmsClient,
} from '../test-rows.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { enqueueOutbox, type MapEventWork } from './outbox.repository.js';
import {
  countCredentialsOfLearners,
  findLearnerIds,
  pendingReplayWork,
  requeueEventsForReplay,
} from './replay.repository.js';

const mapWork: MapEventWork = (eventId) => ({ topic: 'test.map', jobKey: eventId, payload: { eventId } });
const topics = { evaluate: 'test.evaluate', issue: 'test.issue' };
const dispatchAfter = new Date('2026-12-01T10:00:00Z');

describe('replay repository', () => {
  let schema: TestSchema;
  let db: Db;
  let ann: string;
  let bob: string;
  const annEvents: string[] = [];
  let bobEvent: string;
  let annVoided: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    const framework = await seedFramework(db, frameworkSource('41-3031.00', 'v.26.05'));
    const lmsClientId = await seedLmsClient(db);
    ann = await seedLearner(db, { lmsClientId, lmsUserId: 'ann', email: 'ann@example.edu' });
    bob = await seedLearner(db, { lmsClientId, lmsUserId: 'bob' });
    const completedAt = new Date('2026-11-30T09:00:00Z');
    for (const activityId of ['course-1', 'course-2'])
      annEvents.push(await seedEvent(db, { lmsClientId, learnerId: ann, activityId, completedAt }));
    annVoided = await seedEvent(db, { lmsClientId, learnerId: ann, activityId: 'course-1', completedAt });
    bobEvent = await seedEvent(db, { lmsClientId, learnerId: bob, activityId: 'course-2', completedAt });
    await db.updateTable('assessment_events').set({ status: 'mapped' }).execute();
    await db.updateTable('assessment_events').set({ status: 'voided' }).where('id', '=', annVoided).execute();
    await db
      .insertInto('activity_mappings')
      .values({
        activity_id: 'course-1',
        framework_id: framework.id,
        version: framework.version,
        statement_code: 'emerging-1',
      })
      .execute();
    const attainment = await seedAttainment(db, { learnerId: ann, framework, levelKey: 'emerging' });
    await seedCredential(db, { attainmentId: attainment, learnerId: ann });
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('finds learners by LMS user id or e-mail (stored lower-case, asked in any case)', async () => {
    expect(await findLearnerIds(db, { lmsUserId: 'bob' })).toEqual([bob]);
    expect(await findLearnerIds(db, { email: ' Ann@Example.EDU ' })).toEqual([ann]);
    expect(await countCredentialsOfLearners(db, [ann, bob])).toBe(1);
  });

  it("re-queues a learner's events, voided ones excepted, as caller-built work in chunks", async () => {
    const { work, learnerIds } = await requeueEventsForReplay(db, { learnerIds: [ann] }, dispatchAfter, mapWork, 1);
    expect(work.map((w) => [w.topic, w.jobKey, w.payload]).sort()).toEqual(
      annEvents.map((id) => ['test.map', id, { eventId: id }]).sort(),
    );
    expect(learnerIds).toEqual([ann]);
    const statuses = await db.selectFrom('assessment_events').select(['id', 'status']).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [annEvents[0] as string]: 'received',
      [annEvents[1] as string]: 'received',
      [annVoided]: 'voided',
      [bobEvent]: 'mapped',
    });
    expect(await requeueEventsForReplay(db, { learnerIds: [] }, dispatchAfter, mapWork)).toEqual({
      work: [],
      learnerIds: [],
    });
  });

  it('re-queues the events of activities mapped to a framework version only', async () => {
    const { work } = await requeueEventsForReplay(
      db,
      { framework: { id: '41-3031.00', version: 'v.26.05' } },
      dispatchAfter,
      mapWork,
    );
    expect(work.map((w) => w.jobKey)).toEqual([annEvents[0]]);
  });

  it('counts what is pending: the replay’s map rows, then its learners’ evaluations and issues by the topics given', async () => {
    await db.deleteFrom('outbox').execute();
    const { work } = await requeueEventsForReplay(db, { learnerIds: [ann, bob] }, dispatchAfter, mapWork);
    const attainment = await db.selectFrom('attainments').select('id').executeTakeFirstOrThrow();
    await enqueueOutbox(
      db,
      [
        { topic: topics.evaluate, jobKey: 'e-ann', payload: { learnerId: ann } },
        { topic: topics.evaluate, jobKey: 'e-other', payload: { learnerId: 'someone-else' } },
        { topic: topics.issue, jobKey: 'i-ann', payload: { attainmentId: attainment.id } },
        // Another topic with the same payload is not this replay's downstream work.
        { topic: 'test.other', jobKey: 'x-ann', payload: { learnerId: ann } },
      ],
      dispatchAfter,
    );
    expect(
      await pendingReplayWork(
        db,
        work.map((w) => w.id),
        [ann, bob],
        topics,
      ),
    ).toEqual({ mapping: 3, downstream: 2 });
    await db.deleteFrom('outbox').where('topic', '=', 'test.map').execute();
    expect(
      await pendingReplayWork(
        db,
        work.map((w) => w.id),
        [bob],
        topics,
      ),
    ).toEqual({ mapping: 0, downstream: 0 });
  });
});
