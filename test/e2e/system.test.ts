import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_HEADER, SIGNATURE_HEADER, signIngestBody, TIMESTAMP_HEADER } from '@attain/runtime';
import { exited, freePort, run, start } from '../support/processes.js';
import { adminQuery, databaseUrlFor, serviceUrls, uniqueName, waitFor } from '../support/services.js';

const CLI = 'packages/cli/dist/bin.js';

interface DemoOutput {
  credentials: { url: string; id: string; agent: string; level: string; verified: boolean }[];
}

/** The built system as a user runs it: `npm start`'s entry point, the CLI and the demo. */
describe('the running system, its CLI and the demo', () => {
  let env: Record<string, string>;
  let server: ReturnType<typeof start>;
  let database: string;
  let dataDir: string;
  let url: string;

  beforeAll(async () => {
    const { databaseUrl, redisUrl } = serviceUrls();
    database = uniqueName('attain_e2e');
    dataDir = await mkdtemp(join(tmpdir(), 'attain-e2e-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      // A database that does not exist yet: the system creates and migrates it.
      DATABASE_URL: databaseUrlFor(databaseUrl, database),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: uniqueName('e2e'),
      PORT: String(port),
      PUBLIC_URL: url,
      ATTAIN_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
    server = start('services/attain/dist/main.js', env);
    await waitFor(
      async () => ((await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true ? true : undefined),
      'the API',
      30_000,
    );
  });

  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    await adminQuery(serviceUrls().databaseUrl, `drop database if exists ${database} with (force)`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the demo for 2 agents to 8 credentials that verify', async () => {
    const result = await run(CLI, ['demo', '--agents', '2', '--json'], env, 120_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as DemoOutput;
    expect(output.credentials).toHaveLength(8);
    expect(output.credentials.every((c) => c.verified)).toBe(true);
    expect(new Set(output.credentials.map((c) => c.level))).toEqual(
      new Set(['emerging', 'developing', 'proficient', 'advanced']),
    );
    for (const credential of output.credentials) {
      const document: unknown = await (await fetch(credential.url)).json();
      const verification = await fetch(`${url}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: document }),
      });
      expect(verification.status).toBe(200);
    }
  });

  it('lists credentials by e-mail as JSON', async () => {
    const all = await run(CLI, ['credentials', 'list', '--json'], env);
    const rows = JSON.parse(all.stdout) as { id: string; url: string; level: string; learner: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const demo = JSON.parse((await run(CLI, ['demo', '--agents', '1', '--json'], env, 120_000)).stdout) as DemoOutput;
    const agent = demo.credentials[0]!.agent;
    const mine = JSON.parse(
      (await run(CLI, ['credentials', 'list', '--email', agent, '--json'], env)).stdout,
    ) as typeof rows;
    expect(mine.map((r) => r.url).sort()).toEqual(demo.credentials.map((c) => c.url).sort());
    expect(mine[0]).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/credentials\//) as unknown,
    });
  });

  it('imports a framework idempotently and refuses a malformed one naming the field', async () => {
    const first = await run(CLI, ['framework', 'import', 'packages/framework/data/41-3031.00.json', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      id: '41-3031.00',
      version: 'v.26.05',
      levels: 4,
      statements: 40,
      outcome: 'unchanged',
    });
    const file = join(dataDir, 'bad-framework.json');
    await writeFile(
      file,
      JSON.stringify({
        schemaVersion: '1.0',
        exportedAt: 'x',
        occupation: { soc: '41-3031.00', title: 'T' },
        framework: { levels: {} },
      }),
    );
    const bad = await run(CLI, ['framework', 'import', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/framework\.version/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  });

  it('imports mappings and names an unknown statement code', async () => {
    const good = join(dataDir, 'mappings.json');
    await writeFile(
      good,
      JSON.stringify([
        {
          activityId: 'course-a',
          framework: '41-3031.00',
          version: 'v.26.05',
          statements: ['emerging-1', 'emerging-2'],
        },
      ]),
    );
    const imported = await run(CLI, ['mappings', 'import', good, '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ activities: 1, added: 2 });
    const again = await run(CLI, ['mappings', 'import', good, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0 });

    const bad = join(dataDir, 'bad-mappings.json');
    await writeFile(
      bad,
      JSON.stringify([
        { activityId: 'course-b', framework: '41-3031.00', version: 'v.26.05', statements: ['emerging-11'] },
        { activityId: '' },
      ]),
    );
    const refused = await run(CLI, ['mappings', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[1].activityId');
    const unknown = join(dataDir, 'unknown-mappings.json');
    await writeFile(
      unknown,
      JSON.stringify([
        { activityId: 'course-b', framework: '41-3031.00', version: 'v.26.05', statements: ['emerging-11'] },
      ]),
    );
    const named = await run(CLI, ['mappings', 'import', unknown], env);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('emerging-11');
  });

  it('creates an LMS client for scripts and explains every command with --help', async () => {
    const created = await run(CLI, ['lms-client', 'create', '--name', 'Moodle', '--json'], env);
    expect(created.code).toBe(0);
    const client = JSON.parse(created.stdout) as {
      id: string;
      hmacSecret: string;
      xapiKey: string;
      xapiSecret: string;
    };
    expect(client.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.hmacSecret.length).toBeGreaterThanOrEqual(40);
    expect(client.xapiKey).toMatch(/^xk_[0-9a-f]{24}$/);
    expect(client.xapiSecret.length).toBeGreaterThanOrEqual(40);
    for (const args of [
      ['--help'],
      ['demo', '--help'],
      ['mappings', 'import', '--help'],
      ['credentials', 'list', '--help'],
    ]) {
      const help = await run(CLI, args, env);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Usage: attain/);
    }

    // The client works against the server, and neither its secret, the signature nor the
    // learner's e-mail reaches the server's log.
    const body = JSON.stringify({
      eventId: 'cli-client-1',
      learner: { id: 'cli-1', email: 'cli.learner@brokerage.example', name: 'Cli Learner' },
      activityId: 'course-a',
      passed: true,
      completedAt: new Date().toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signIngestBody(client.hmacSecret, timestamp, body);
    const response = await fetch(`${url}/v1/assessment-results`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CLIENT_HEADER]: client.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signature,
      },
      body,
    });
    expect(response.status).toBe(202);
    await waitFor(
      () => Promise.resolve(server.output().includes('/v1/assessment-results') ? true : undefined),
      'the request log',
    );
    expect(server.output()).not.toContain(client.hmacSecret);
    expect(server.output()).not.toContain(signature.slice(3));
    expect(server.output()).not.toContain('cli.learner@brokerage.example');
  });

  it('lists, disables, enables and rotates LMS clients, and makes admin tokens that the API accepts', async () => {
    const created = JSON.parse(
      (await run(CLI, ['lms-client', 'create', '--name', 'Rotating', '--json'], env)).stdout,
    ) as {
      id: string;
      hmacSecret: string;
    };
    const listed = JSON.parse((await run(CLI, ['lms-client', 'list', '--json'], env)).stdout) as {
      id: string;
      disabled: boolean;
    }[];
    expect(listed.find((c) => c.id === created.id)).toMatchObject({ disabled: false });
    expect(JSON.stringify(listed)).not.toContain(created.hmacSecret);
    expect(JSON.parse((await run(CLI, ['lms-client', 'disable', created.id, '--json'], env)).stdout)).toEqual({
      id: created.id,
      disabled: true,
    });
    expect(JSON.parse((await run(CLI, ['lms-client', 'enable', created.id, '--json'], env)).stdout)).toEqual({
      id: created.id,
      disabled: false,
    });
    const rotated = JSON.parse((await run(CLI, ['lms-client', 'rotate', created.id, '--json'], env)).stdout) as {
      hmacSecret: string;
    };
    expect(rotated.hmacSecret).not.toBe(created.hmacSecret);
    const unknown = await run(CLI, ['lms-client', 'disable', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no LMS client');

    const token = JSON.parse((await run(CLI, ['admin-token', 'create', '--name', 'ci', '--json'], env)).stdout) as {
      token: string;
    };
    const clients = await fetch(`${url}/admin/lms-clients`, { headers: { authorization: `Bearer ${token.token}` } });
    expect(clients.status).toBe(200);
    expect((await fetch(`${url}/admin/lms-clients`)).status).toBe(401);
  });

  it('imports mappings from CSV', async () => {
    const csv = join(dataDir, 'mappings.csv');
    await writeFile(
      csv,
      'activityId,framework,version,statement\ncourse-csv,41-3031.00,v.26.05,emerging-3\ncourse-csv,41-3031.00,v.26.05,emerging-4;emerging-5\n',
    );
    const imported = await run(CLI, ['mappings', 'import', csv, '--json'], env);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ activities: 1, added: 3 });
    const badHeader = join(dataDir, 'bad.csv');
    await writeFile(badHeader, 'activity,framework\nx,y\n');
    const refused = await run(CLI, ['mappings', 'import', badHeader], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/header row lacks activityId, version, statement/);
  });

  it('shows and sets policies, and replays stored results without issuing anything twice', async () => {
    const shown = JSON.parse((await run(CLI, ['policy', 'show', '41-3031.00', 'v.26.05'], env)).stdout) as {
      policyVersion: number;
      policy: { threshold: number };
    };
    expect(shown.policy.threshold).toBe(0.8);
    const file = join(dataDir, 'policy.json');
    await writeFile(file, JSON.stringify({ ...shown.policy, threshold: 0.85 }));
    const set = await run(CLI, ['policy', 'set', '41-3031.00', 'v.26.05', file, '--json'], env);
    expect(JSON.parse(set.stdout)).toMatchObject({ policyVersion: shown.policyVersion + 1 });
    await writeFile(file, JSON.stringify({ ...shown.policy, threshold: 2 }));
    const refused = await run(CLI, ['policy', 'set', '41-3031.00', 'v.26.05', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('threshold');

    const before = JSON.parse((await run(CLI, ['credentials', 'list', '--json'], env)).stdout) as unknown[];
    const replay = await run(CLI, ['replay', '--all', '--json'], env, 120_000);
    expect(replay.code).toBe(0);
    const summary = JSON.parse(replay.stdout) as { events: number; newCredentials: number };
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.newCredentials).toBe(0);
    expect(JSON.parse((await run(CLI, ['credentials', 'list', '--json'], env)).stdout)).toHaveLength(before.length);
    const vague = await run(CLI, ['replay'], env);
    expect(vague.code).toBe(1);
    expect(vague.stderr).toMatch(/say what to replay/);
  });

  it('verifies the audit trail with the CLI', async () => {
    const verified = await run(CLI, ['audit', 'verify', '--json'], env);
    expect(verified.code).toBe(0);
    const result = JSON.parse(verified.stdout) as { intact: boolean; events: number };
    expect(result.intact).toBe(true);
    expect(result.events).toBeGreaterThan(8);
    const listed = JSON.parse((await run(CLI, ['audit', 'list', '--limit', '3', '--json'], env)).stdout) as {
      action: string;
    }[];
    expect(listed).toHaveLength(3);
  });

  it('revokes and corrects credentials with the CLI, and the running server reports the revocation', async () => {
    const rows = JSON.parse((await run(CLI, ['credentials', 'list', '--json'], env)).stdout) as {
      id: string;
      url: string;
    }[];
    const [first, second] = rows as [(typeof rows)[0], (typeof rows)[0]];
    const noReason = await run(CLI, ['credential', 'revoke', first.id], env);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toMatch(/--reason/);

    const revoked = await run(CLI, ['credential', 'revoke', first.id, '--reason', 'e2e revocation', '--json'], env);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({
      credentialId: `urn:uuid:${first.id}`,
      status: 'revoked',
      changed: true,
    });
    const document: unknown = await (await fetch(first.url)).json();
    const verification = await fetch(`${url}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: document }),
    });
    expect(verification.status).toBe(422);
    expect(((await verification.json()) as { status: string }).status).toBe('revoked');
    const again = await run(CLI, ['credential', 'revoke', first.id, '--reason', 'twice'], env);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/was already revoked/) as unknown });
    const lift = await run(CLI, ['credential', 'reinstate', first.id, '--reason', 'undo'], env);
    expect(lift).toMatchObject({ code: 1, stderr: expect.stringMatching(/revocation is final/) as unknown });
    const status = JSON.parse((await run(CLI, ['credential', 'status', first.id, '--json'], env)).stdout) as {
      status: string;
    };
    expect(status.status).toBe('revoked');

    const corrected = await run(CLI, ['credential', 'correct', second.id, '--reason', 'e2e correction', '--json'], env);
    expect(corrected.code).toBe(0);
    expect(JSON.parse(corrected.stdout)).toEqual({ credentialId: `urn:uuid:${second.id}`, version: 2 });
    const versions = JSON.parse((await run(CLI, ['credential', 'versions', second.id, '--json'], env)).stdout) as {
      version: number;
      reason: string | null;
    }[];
    expect(versions.map((v) => [v.version, v.reason])).toEqual([
      [1, 'e2e correction'],
      [2, null],
    ]);
  });

  it('rotates the signing key with the CLI and lists every key', async () => {
    const rotated = await run(CLI, ['keys', 'rotate', '--reason', 'e2e', '--json'], env);
    expect(rotated.code).toBe(0);
    const key = JSON.parse(rotated.stdout) as { id: string; seq: number };
    const keys = JSON.parse((await run(CLI, ['keys', 'list', '--json'], env)).stdout) as {
      id: string;
      active: boolean;
    }[];
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys.filter((k) => k.active).map((k) => k.id)).toEqual([key.id]);
    expect(rotated.stdout + JSON.stringify(keys)).not.toMatch(/secret/i);
  });

  it('refuses data commands in production without the admin token', async () => {
    const refused = await run(CLI, ['credentials', 'list'], {
      ...env,
      NODE_ENV: 'production',
      ATTAIN_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/needs the admin token/);
  });

  it('refuses to seal a new secret with a key-encryption key the database does not know', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'attain-other-key-'));
    try {
      const refused = await run(CLI, ['lms-client', 'create', '--name', 'Elsewhere', '--json'], {
        ...env,
        ATTAIN_DATA_DIR: elsewhere,
      });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/sealed with another key-encryption key/);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('stops on SIGTERM within a bounded time', async () => {
    server.child.kill('SIGTERM');
    const started = Date.now();
    expect(await exited(server.child)).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.output()).not.toMatch(/@demo\.example/);
  });
});
