import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the local defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.publicUrl).toBe('http://localhost:3000');
    // Neither set: the embedded PostgreSQL, and the queues on BullMQ's PostgreSQL backend.
    expect(config.database.url).toBeUndefined();
    expect(config.database.embeddedDir).toBe('.attain/pgdata');
    expect(config.redis).toBeUndefined();
    expect(config.queue.schema).toBe('attain_queues');
    expect(config.issuer.didMethod).toBe('key');
    expect(config.queue.queues).toBe('all');
  });

  it('names every malformed setting', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ATTAIN_KEY_ENCRYPTION_KEY: 'short' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('ATTAIN_KEY_ENCRYPTION_KEY');
    }
  });

  it('takes a Redis Cluster by its seed nodes, with a hash-tag queue prefix', () => {
    const config = loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://r1:7000, redis://r2:7001' });
    expect(config.redis).toEqual({
      url: 'redis://r1:7000',
      nodes: ['redis://r1:7000', 'redis://r2:7001'],
      cluster: true,
    });
    expect(config.queue.prefix).toBe('{attain}');
    expect(loadConfig({}).queue.prefix).toBe('attain');
    expect(loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://r1:7000' }).queue.schema).toBe('attain_queues');
    expect(() => loadConfig({ REDIS_CLUSTER: 'true' })).toThrow(/REDIS_URL: REDIS_CLUSTER=true needs/);
    expect(() => loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://r1:7000', QUEUE_PREFIX: 'attain' })).toThrow(
      /QUEUE_PREFIX: must be a hash tag/,
    );
    expect(() => loadConfig({ REDIS_URL: 'redis://r1:7000,redis://r2:7001' })).toThrow(/set REDIS_CLUSTER=true/);
    expect(() => loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://r1:7000,http://r2' })).toThrow(/REDIS_URL/);
  });

  it('requires a key-encryption key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ATTAIN_KEY_ENCRYPTION_KEY/);
  });

  it('trims a trailing slash from PUBLIC_URL and splits WORKER_QUEUES', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://attain.example/', WORKER_QUEUES: 'event.map, credential.issue' });
    expect(config.http.publicUrl).toBe('https://attain.example');
    expect(config.issuer.url).toBe('https://attain.example');
    expect(config.queue.queues).toEqual(['event.map', 'credential.issue']);
  });
});
