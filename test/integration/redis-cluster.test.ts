import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canStartRedisCluster, startRedisCluster, type LocalRedisCluster } from '../support/redis-cluster.js';
import { uniqueName } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

// CI installs redis-server; elsewhere the test runs wherever redis-server and redis-cli are on PATH.
const available = process.env.CI !== undefined || canStartRedisCluster();

describe.skipIf(!available)('the pipeline on a Redis Cluster (three masters, hash-tag queue prefix)', () => {
  let cluster: LocalRedisCluster;
  let system: TestSystem;
  let client: TestClient;
  const prefix = `{${uniqueName('cluster')}}`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    system = await TestSystem.start({
      retryAfterMs: 1000,
      env: { REDIS_URL: cluster.nodes.slice(0, 2).join(','), REDIS_CLUSTER: 'true', QUEUE_PREFIX: prefix },
    });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await system.close();
    await cluster.stop();
  });

  it('issues the four credentials of an agent, with every queue key in the one slot of the hash tag', async () => {
    const results = system.passingResults({ id: 'c-1', email: 'c-1@brokerage.example', name: 'C' });
    expect((await system.post(client, results)).statusCode).toBe(202);
    await system.waitForCredentials(4);

    const probe = new Cluster(cluster.nodes.map((node) => ({ host: '127.0.0.1', port: Number(new URL(node).port) })));
    try {
      await probe.ping();
      const keysPerNode = await Promise.all(probe.nodes('master').map((node) => node.keys(`${prefix}:*`)));
      const holding = keysPerNode.filter((keys) => keys.length > 0);
      expect(holding).toHaveLength(1);
      const slots = new Set(await Promise.all(holding[0]!.map((key) => probe.cluster('KEYSLOT', key))));
      expect(slots.size).toBe(1);
      expect(holding[0]!.some((key) => key.startsWith(`${prefix}:credential.issue:`))).toBe(true);
    } finally {
      probe.disconnect();
    }
  });

  it('re-drives from Postgres the jobs the cluster lost', async () => {
    await system.stopWorkers();
    const results = system.passingResults({ id: 'c-2', email: 'c-2@brokerage.example', name: 'C2' });
    expect((await system.post(client, results)).statusCode).toBe(202);
    // The 40 event.map jobs (and everything else) are gone; only the outbox knows the work.
    expect(await system.flushQueues()).toBeGreaterThan(0);
    await system.startWorkers();
    await system.waitForCredentials(8);
  });
});
