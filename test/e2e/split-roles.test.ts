import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, freePort, run, start } from '../support/processes.js';
import { adminQuery, databaseUrlFor, serviceUrls, uniqueName, waitFor } from '../support/services.js';

describe('API and workers as separate processes', () => {
  const processes: ReturnType<typeof start>[] = [];
  let database = '';
  let dataDir = '';

  afterAll(async () => {
    for (const p of processes) {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await exited(p.child);
    }
    if (database !== '')
      await adminQuery(serviceUrls().databaseUrl, `drop database if exists ${database} with (force)`);
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  });

  it('issues through two worker processes serving different queues, started at the same moment as the API', async () => {
    const { databaseUrl, redisUrl } = serviceUrls();
    database = uniqueName('attain_split');
    dataDir = await mkdtemp(join(tmpdir(), 'attain-split-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: databaseUrlFor(databaseUrl, database),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: uniqueName('split'),
      PORT: String(port),
      PUBLIC_URL: url,
      ATTAIN_DATA_DIR: dataDir,
      // Shared by every process, as in a deployment.
      ATTAIN_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    // Three processes race to create the database, migrate and create the signing key.
    processes.push(start('services/api/dist/main.js', env));
    processes.push(start('services/worker/dist/main.js', { ...env, WORKER_QUEUES: 'event.map,learner.evaluate' }));
    processes.push(start('services/worker/dist/main.js', { ...env, WORKER_QUEUES: 'credential.issue' }));
    await waitFor(
      async () => ((await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true ? true : undefined),
      'the API',
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${processes.map((p) => p.output()).join('\n')}`);
    });

    // Every process survived the start-up race.
    expect(
      processes.map((p) => p.child.exitCode),
      processes.map((p) => p.output()).join('\n'),
    ).toEqual([null, null, null]);
    const demo = await run('packages/cli/dist/bin.js', ['demo', '--agents', '2', '--json'], env, 120_000);
    expect(demo.stderr).toBe('');
    const output = JSON.parse(demo.stdout) as { credentials: { verified: boolean }[] };
    expect(output.credentials).toHaveLength(8);
    expect(output.credentials.every((c) => c.verified)).toBe(true);
  }, 120_000);
});
