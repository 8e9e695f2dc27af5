import { randomBytes, randomUUID } from 'node:crypto';
import { claimDueOutbox, countOutbox, createDb, enqueueOutbox, migrateToLatest, type Db } from '@attain/db';
import {
  createRedisConnection,
  jobIdFor,
  Outbox,
  QueueProducer,
  redisQueueConnection,
  work,
  type OutboxLog,
} from '@attain/queue';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// Provided by test/global-setup.ts, which this package's compilation does not see.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | null;
    redisUrl: string | null;
    servicesProblem: string | null;
  }
}

function services(): { databaseUrl: string; redisUrl: string } {
  const databaseUrl = inject('databaseUrl');
  const redisUrl = inject('redisUrl');
  if (databaseUrl === null || redisUrl === null)
    throw new Error(inject('servicesProblem') ?? 'no test database or Redis is available');
  return { databaseUrl, redisUrl };
}

function producerOn(redisUrl: string, prefix: string): QueueProducer {
  const connection = createRedisConnection({ nodes: [redisUrl], cluster: false }, 'producer');
  return new QueueProducer(redisQueueConnection(connection, prefix));
}

/** A producer whose Redis connection has gone away (quit): every command on it fails. */
async function producerWithoutRedis(redisUrl: string, prefix: string): Promise<QueueProducer> {
  const redis = createRedisConnection({ nodes: [redisUrl], cluster: false }, 'producer');
  await redis.connect();
  const connection = redisQueueConnection(redis, prefix);
  const producer = new QueueProducer(connection);
  await connection.close();
  return producer;
}

class RecordingLog implements OutboxLog {
  readonly warnings: { details: Record<string, unknown>; message: string }[] = [];
  warn(details: Record<string, unknown>, message: string): void {
    this.warnings.push({ details, message });
  }
}

describe('the Outbox: committed work is dispatched, or left to the relay', () => {
  const schema = `outbox_${randomBytes(5).toString('hex')}`;
  const prefix = `outbox-test-${randomBytes(4).toString('hex')}`;
  let admin: Db;
  let db: Db;
  let producer: QueueProducer;
  const retryAfterMs = 30_000;

  beforeAll(async () => {
    const { databaseUrl, redisUrl } = services();
    admin = createDb({ url: databaseUrl, poolSize: 1 });
    await sql.raw(`create schema ${schema}`).execute(admin);
    db = createDb({ url: databaseUrl, schema, poolSize: 2 });
    await migrateToLatest(db);
    producer = producerOn(redisUrl, prefix);
  });

  afterAll(async () => {
    await producer.close();
    await db.destroy();
    await sql.raw(`drop schema ${schema} cascade`).execute(admin);
    await admin.destroy();
  });

  it('puts committed rows on their queues under their job ids, the row staying until a processor finishes it', async () => {
    const eventId = randomUUID();
    const rows = await enqueueOutbox(db, [work('event.map', { eventId })], new Date(Date.now() + retryAfterMs));
    const log = new RecordingLog();
    await new Outbox(producer, log).dispatchCommitted(rows);
    const [row] = rows;
    if (row === undefined) throw new Error('no outbox row');
    const job = await producer.queue('event.map').getJob(jobIdFor('event.map', row.id, row.generation));
    expect(job?.data).toEqual({ eventId, outboxId: row.id, generation: row.generation });
    expect(log.warnings).toEqual([]);
    expect(await countOutbox(db)).toBe(1);
  });

  it('does nothing for no rows, even on a queue that is gone', async () => {
    const log = new RecordingLog();
    await new Outbox(await producerWithoutRedis(services().redisUrl, prefix), log).dispatchCommitted([]);
    expect(log.warnings).toEqual([]);
  });

  it('when the queue cannot be reached, logs, returns and leaves the row for the relay', async () => {
    await db.deleteFrom('outbox').execute();
    const listId = randomUUID();
    const committedAt = new Date();
    const rows = await enqueueOutbox(
      db,
      [work('status.publish', { listId })],
      new Date(committedAt.getTime() + retryAfterMs),
    );
    const unreachable = await producerWithoutRedis(services().redisUrl, prefix);
    const log = new RecordingLog();

    await expect(new Outbox(unreachable, log).dispatchCommitted(rows)).resolves.toBeUndefined();

    expect(log.warnings.map((w) => [w.message, w.details.items, typeof w.details.err])).toEqual([
      ['could not enqueue; the relay will re-drive', 1, 'string'],
    ]);
    const [row] = rows;
    if (row === undefined) throw new Error('no outbox row');
    expect(await producer.queue('status.publish').getJob(jobIdFor('status.publish', row.id, row.generation))).toBe(
      undefined,
    );
    // Not due before its retry time; due after it, and the relay's re-drive puts it on its queue.
    expect(await claimDueOutbox(db, committedAt, 10, retryAfterMs)).toEqual([]);
    const due = await claimDueOutbox(db, new Date(committedAt.getTime() + retryAfterMs), 10, retryAfterMs);
    expect(due.map((d) => [d.id, d.topic, d.payload])).toEqual([[row.id, 'status.publish', { listId }]]);
    await producer.redrive(due);
    const job = await producer.queue('status.publish').getJob(jobIdFor('status.publish', row.id, row.generation));
    expect(job?.data).toEqual({ listId, outboxId: row.id, generation: row.generation });
  });
});
