import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { frameworkSource, seedEvent, seedFramework, seedLearner, seedLmsClient } from '../test-rows.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import {
  findMappingsForActivity,
  saveActivityMappings,
  UnknownStatementCodesError,
} from './activity-mapping.repository.js';
import type { MapEventWork } from './outbox.repository.js';

const mapWork: MapEventWork = (eventId) => ({ topic: 'test.map', jobKey: eventId, payload: { eventId } });
const dispatchAfter = new Date('2026-12-01T10:00:00Z');

describe('activity mapping repository', () => {
  let schema: TestSchema;
  let db: Db;
  let parked: string;
  let mapped: string;
  let voided: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    await seedFramework(db, frameworkSource('41-3031.00', 'v.26.05'));
    const lmsClientId = await seedLmsClient(db);
    const learnerId = await seedLearner(db, { lmsClientId, lmsUserId: 'u-1' });
    const event = (activityId: string): Promise<string> =>
      seedEvent(db, { lmsClientId, learnerId, activityId, completedAt: new Date('2026-11-30T09:00:00Z') });
    parked = await event('course-1');
    mapped = await event('course-1');
    voided = await event('course-1');
    await event('course-2');
    await db.updateTable('assessment_events').set({ status: 'unmapped' }).where('id', '=', parked).execute();
    await db.updateTable('assessment_events').set({ status: 'mapped' }).where('id', '=', mapped).execute();
    await db.updateTable('assessment_events').set({ status: 'voided' }).where('id', '=', voided).execute();
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('adds mappings and hands the activity’s events, voided ones excepted, back as caller-built work', async () => {
    const { added, requeued } = await saveActivityMappings(
      db,
      [
        {
          activityId: 'course-1',
          frameworkId: '41-3031.00',
          version: 'v.26.05',
          statements: ['emerging-1', 'emerging-2'],
        },
      ],
      dispatchAfter,
      mapWork,
    );
    expect(added).toBe(2);
    expect(requeued.map((w) => [w.topic, w.jobKey, w.payload]).sort()).toEqual(
      [parked, mapped].map((id) => ['test.map', id, { eventId: id }]).sort(),
    );
    const statuses = await db
      .selectFrom('assessment_events')
      .select(['id', 'status'])
      .where('activity_id', '=', 'course-1')
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [parked]: 'received',
      [mapped]: 'received',
      [voided]: 'voided',
    });
    expect(await findMappingsForActivity(db, 'course-1')).toEqual([
      { frameworkId: '41-3031.00', version: 'v.26.05', statementCode: 'emerging-1' },
      { frameworkId: '41-3031.00', version: 'v.26.05', statementCode: 'emerging-2' },
    ]);
  });

  it('keeps existing mappings and queues nothing when nothing new is added', async () => {
    const { added, requeued } = await saveActivityMappings(
      db,
      [{ activityId: 'course-1', frameworkId: '41-3031.00', version: 'v.26.05', statements: ['emerging-1'] }],
      dispatchAfter,
      mapWork,
    );
    expect(added).toBe(0);
    expect(requeued).toEqual([]);
  });

  it('refuses statements the framework does not have, storing nothing of the import', async () => {
    const outbox = await db.selectFrom('outbox').select('id').execute();
    await expect(
      saveActivityMappings(
        db,
        [
          { activityId: 'course-2', frameworkId: '41-3031.00', version: 'v.26.05', statements: ['emerging-1'] },
          { activityId: 'course-2', frameworkId: '41-3031.00', version: 'v.26.05', statements: ['expert-9'] },
        ],
        dispatchAfter,
        mapWork,
      ),
    ).rejects.toThrow(UnknownStatementCodesError);
    expect(await findMappingsForActivity(db, 'course-2')).toEqual([]);
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual(outbox);
  });
});
