import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the local defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.publicUrl).toBe('http://localhost:3000');
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/attain');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
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
