import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, freePort, run, start } from '../support/processes.js';
import { waitFor } from '../support/services.js';

/**
 * The README's first command on a machine without a database or Redis server: `npm start` (the
 * single-process service) with neither DATABASE_URL nor REDIS_URL, then the demo against it.
 */
describe('the embedded default: no DATABASE_URL, no REDIS_URL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('starts on PGlite with BullMQ on PostgreSQL, and the demo ends with 12 verified credentials', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'attain-embedded-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    // Only what a newcomer's shell has: no service URLs at all.
    const env = { PORT: String(port), ATTAIN_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const attain = start('services/attain/dist/main.js', env);
    cleanup.push(async () => {
      attain.child.kill('SIGTERM');
      await exited(attain.child);
    });
    await waitFor(
      async () =>
        (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok ? true : undefined,
      'the embedded Attain to be ready',
      120_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${attain.output()}`);
    });
    expect(attain.output()).toMatch(/"database":"embedded"/);
    expect(attain.output()).toMatch(/"queue":"postgres"/);

    const demo = await run('packages/cli/dist/bin.js', ['demo', '--agents', '3', '--json'], env, 180_000);
    expect(demo.code, demo.stderr).toBe(0);
    const { credentials } = JSON.parse(demo.stdout) as { credentials: { verified: boolean }[] };
    expect(credentials).toHaveLength(12);
    expect(credentials.every((c) => c.verified)).toBe(true);

    // SIGTERM: the service stops cleanly, and the data folder keeps what it made.
    attain.child.kill('SIGTERM');
    expect(await exited(attain.child)).toBe(0);
  }, 300_000);
});
