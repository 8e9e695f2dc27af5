import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrls } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

/**
 * Redis data lost under running workers can leave "husks": job hashes with the fields a worker
 * wrote after the delete (finishedOn, failedReason…) but no data. The relay must not take such a
 * job for the real one (re-adding its id would be a no-op); found by the 1,000-agent chaos run.
 */
describe('the relay and job husks left by lost Redis data', () => {
  let system: TestSystem;
  let client: TestClient;
  let redis: Redis;

  beforeAll(async () => {
    system = await TestSystem.start({ retryAfterMs: 500 });
    client = await system.createClient();
    await system.mapEveryStatement();
    redis = new Redis(serviceUrls().redisUrl);
  });
  afterAll(async () => {
    redis.disconnect();
    await system.close();
  });

  it('replaces every husk with the job from the outbox, and the credential is issued', async () => {
    const results = system.passingResults({ id: 'h-1', email: 'h-1@brokerage.example', name: 'H' }).slice(0, 10);
    expect((await system.post(client, results)).statusCode).toBe(202);
    const prefix = system.runtime.config.queue.prefix;
    const jobKeys = (await redis.keys(`${prefix}:event.map:map-*`)).filter((k) => /:map-[^:]+$/.test(k));
    expect(jobKeys).toHaveLength(10);
    // What a worker finishing a job whose keys were just deleted leaves behind.
    for (const key of jobKeys) {
      await redis.hdel(key, 'data');
      await redis.hset(key, 'finishedOn', String(Date.now()), 'failedReason', 'lost');
    }
    await system.startWorkers();
    await system.waitForCredentials(1, 60_000);
    const deadLetters = await system.db.selectFrom('outbox').select('id').where('dead_at', 'is not', null).execute();
    expect(deadLetters).toEqual([]);
  });
});
