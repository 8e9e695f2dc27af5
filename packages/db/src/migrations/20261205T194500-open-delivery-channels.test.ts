import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createDeliveries, findDelivery } from '../repositories/delivery.repository.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import {
  frameworkSource,
  seedAttainment,
  seedCredential,
  seedFramework,
  seedLearner,
  seedLmsClient,
} from '../test-rows.js';
import { down, up } from './20261205T194500-open-delivery-channels.js';

describe('migration 20261205T194500-open-delivery-channels', () => {
  let schema: TestSchema;
  let db: Db;
  let credential: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    const framework = await seedFramework(db, frameworkSource('41-2011.00', 'v.26.05'));
    const client = await seedLmsClient(db);
    const learner = await seedLearner(db, { lmsClientId: client, lmsUserId: 'ada' });
    const attainment = await seedAttainment(db, { learnerId: learner, framework, levelKey: 'emerging' });
    credential = await seedCredential(db, { attainmentId: attainment, learnerId: learner });
  });

  afterAll(async () => {
    await schema.drop();
  });

  const store = (channel: string) =>
    db.transaction().execute((trx) => createDeliveries(trx, credential, [{ channel, lmsClientId: null }]));
  const checks = async (column: string) =>
    (
      await sql<{ definition: string }>`
        select pg_get_constraintdef(con.oid) as definition
          from pg_constraint con
          join pg_class rel on rel.oid = con.conrelid
          join pg_attribute att on att.attrelid = rel.oid and att.attname = ${column}
         where rel.relnamespace = current_schema()::regnamespace and rel.relname = 'deliveries'
           and con.contype = 'c' and con.conkey = array[att.attnum]`.execute(db)
    ).rows.map((r) => r.definition);

  it('lets a channel outside the old list be stored, and keeps the status check', async () => {
    expect(await checks('channel')).toEqual([]);
    const [id] = await store('wallet-pickup');
    expect((await findDelivery(db, id!))?.channel).toBe('wallet-pickup');
    expect(await checks('status')).toHaveLength(1);
    await expect(sql`update deliveries set status = 'lost' where id = ${id!}`.execute(db)).rejects.toMatchObject({
      code: '23514',
    });
    await sql`delete from deliveries where id = ${id!}`.execute(db);
  });

  it('down restores the old list (refusing other channels) and up drops it again by its catalog name', async () => {
    await down(db);
    expect(await checks('channel')).toEqual(["CHECK ((channel = ANY (ARRAY['email'::text, 'webhook'::text])))"]);
    await expect(store('wallet-pickup')).rejects.toMatchObject({ code: '23514' });
    await up(db);
    expect(await checks('channel')).toEqual([]);
    expect(await store('wallet-pickup')).toHaveLength(1);
  });

  it('up also drops a check created inline, whose name Postgres chose', async () => {
    await sql`alter table deliveries add check (channel <> '')`.execute(db);
    expect(await checks('channel')).toHaveLength(1);
    await up(db);
    expect(await checks('channel')).toEqual([]);
  });
});
