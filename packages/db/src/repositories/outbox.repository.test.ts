import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import {
  beginOutboxRun,
  claimDueOutbox,
  completeAndRequest,
  completeOutbox,
  countOutbox,
  enqueueOutbox,
  listDeadLetters,
  recordOutboxFailure,
  redriveDeadLetter,
  type NewOutboxItem,
} from './outbox.repository.js';

// The repository knows no topics: the caller names them (the pipeline's registry, in production).
const item = (key: string, topic = 'test.first'): NewOutboxItem => ({ topic, jobKey: key, payload: { key } });
const at = (iso: string): Date => new Date(iso);

describe('outbox repository', () => {
  let schema: TestSchema;
  let db: Db;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
  });

  afterAll(async () => {
    await schema.drop();
  });

  beforeEach(async () => {
    await db.deleteFrom('outbox').execute();
  });

  it('adds work with the topic, key and payload its caller built, at generation 1', async () => {
    const rows = await enqueueOutbox(db, [item('a'), item('b', 'test.second')], at('2026-12-01T10:00:00Z'));
    expect(rows.map((r) => [r.topic, r.jobKey, r.generation, r.payload, r.attempts])).toEqual([
      ['test.first', 'a', 1, { key: 'a' }, 0],
      ['test.second', 'b', 1, { key: 'b' }, 0],
    ]);
    expect(rows.every((r) => /^[0-9a-f-]{36}$/.test(r.id))).toBe(true);
    expect(await enqueueOutbox(db, [], at('2026-12-01T10:00:00Z'))).toEqual([]);
    expect(await countOutbox(db)).toBe(2);
  });

  it('folds work asked for again into its pending row, bumping the generation (same key, same topic only)', async () => {
    const [first] = await enqueueOutbox(db, [item('a')], at('2026-12-01T10:00:00Z'));
    const [again] = await enqueueOutbox(db, [item('a')], at('2026-12-01T11:00:00Z'));
    const [other] = await enqueueOutbox(db, [item('a', 'test.second')], at('2026-12-01T11:00:00Z'));
    expect(again).toMatchObject({ id: first?.id, generation: 2 });
    expect(other).toMatchObject({ generation: 1 });
    expect(other?.id).not.toBe(first?.id);
    expect(await countOutbox(db)).toBe(2);
  });

  it('finishes a row only for the generation that owns it', async () => {
    const [row] = await enqueueOutbox(db, [item('a')], at('2026-12-01T10:00:00Z'));
    if (row === undefined) throw new Error('no row');
    await enqueueOutbox(db, [item('a')], at('2026-12-01T10:00:00Z'));
    // The run of generation 1 finished while generation 2 was asked for: the row stays.
    expect(await beginOutboxRun(db, row.id, 1)).toBe(false);
    expect(await completeOutbox(db, row.id, 1)).toBe(false);
    expect(await countOutbox(db)).toBe(1);
    expect(await beginOutboxRun(db, row.id, 2)).toBe(true);
    expect(await completeOutbox(db, row.id, 2)).toBe(true);
    expect(await countOutbox(db)).toBe(0);
  });

  it('asks for follow-up work: a pending run that has not begun is left alone, a begun one is bumped', async () => {
    const [done] = await enqueueOutbox(db, [item('job')], at('2026-12-01T10:00:00Z'));
    const [waiting] = await enqueueOutbox(db, [item('waiting', 'test.second')], at('2026-12-01T10:00:00Z'));
    if (done === undefined || waiting === undefined) throw new Error('no rows');
    // Not begun: it will read what the finished job committed, so nothing to dispatch.
    expect(
      await completeAndRequest(db, { id: done.id, generation: 1 }, [item('waiting', 'test.second')], new Date()),
    ).toEqual([]);
    expect(await countOutbox(db)).toBe(1);

    const [next] = await enqueueOutbox(db, [item('job-2')], at('2026-12-01T10:00:00Z'));
    if (next === undefined) throw new Error('no row');
    await beginOutboxRun(db, waiting.id, 1);
    const requested = await completeAndRequest(
      db,
      { id: next.id, generation: 1 },
      [item('waiting', 'test.second'), item('new', 'test.second')],
      at('2026-12-01T12:00:00Z'),
    );
    expect(requested.map((r) => [r.jobKey, r.generation])).toEqual([
      ['waiting', 2],
      ['new', 1],
    ]);
    expect(await countOutbox(db)).toBe(2);
  });

  it('hands out only due work, each row once, pushing its next due time back with backoff', async () => {
    const [due] = await enqueueOutbox(db, [item('due')], at('2026-12-01T10:00:00Z'));
    await enqueueOutbox(db, [item('later')], at('2026-12-01T12:00:00Z'));
    const now = at('2026-12-01T11:00:00Z');
    const claimed = await claimDueOutbox(db, now, 10, 1000);
    expect(claimed.map((r) => [r.id, r.attempts])).toEqual([[due?.id, 1]]);
    expect(await claimDueOutbox(db, now, 10, 1000)).toEqual([]);
    // First re-drive: 1 s later (retryAfterMs × 2^0); the next one doubles.
    expect((await claimDueOutbox(db, new Date(now.getTime() + 1000), 10, 1000)).map((r) => r.attempts)).toEqual([2]);
    expect(await claimDueOutbox(db, new Date(now.getTime() + 2999), 10, 1000)).toEqual([]);
    expect(await claimDueOutbox(db, new Date(now.getTime() + 3000), 10, 1000)).toHaveLength(1);
  });

  it('sets poison work aside after the allowed failures, and puts it back in line on request', async () => {
    const [row] = await enqueueOutbox(db, [item('poison')], at('2026-12-01T10:00:00Z'));
    if (row === undefined) throw new Error('no row');
    expect(await recordOutboxFailure(db, row.id, 'boom 1', 2)).toBe(false);
    expect(await recordOutboxFailure(db, row.id, 'boom 2', 2)).toBe(true);
    expect(await recordOutboxFailure(db, 'not-a-uuid', 'boom', 2)).toBe(false);
    const dead = await listDeadLetters(db);
    expect(dead.map((d) => [d.id, d.failures, d.lastError])).toEqual([[row.id, 2, 'boom 2']]);
    expect(await countOutbox(db)).toBe(0);
    // Dead work is not re-driven by the relay.
    expect(await claimDueOutbox(db, at('2026-12-02T00:00:00Z'), 10, 1000)).toEqual([]);

    const back = await redriveDeadLetter(db, row.id, at('2026-12-02T00:00:00Z'));
    expect(back).toMatchObject({ id: row.id, generation: 2, attempts: 0, topic: 'test.first' });
    expect(await redriveDeadLetter(db, row.id, at('2026-12-02T00:00:00Z'))).toBeUndefined();
    expect(await listDeadLetters(db)).toEqual([]);
    expect(await countOutbox(db)).toBe(1);
  });
});
