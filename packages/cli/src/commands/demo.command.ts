import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createLmsClient,
  listCredentials,
  listLearnerIdsOfClient,
  saveActivityMappings,
  type CredentialSummary,
} from '@attain/db';
import { mapEventWork } from '@attain/pipeline';
import { loadBundledFramework } from '@attain/framework';
import {
  CLIENT_HEADER,
  newLmsClientSecrets,
  SIGNATURE_HEADER,
  signIngestBody,
  TIMESTAMP_HEADER,
} from '@attain/runtime';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError('expected a whole number from 1 to 10000');
  return n;
}

async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new CliError(
      `no Attain API answers at ${url} (${(error as Error).message}); start it with \`npm start\` or pass --url`,
    );
  }
}

interface DemoCredential {
  url: string;
  id: string;
  agent: string;
  level: string;
  verified: boolean;
}

/**
 * Acts as an LMS against a running system: creates its own client and mappings, posts a passing
 * result for every statement for N agents, waits for their credentials and verifies each one.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('act as an LMS against a running Attain: N agents pass everything and get their credentials')
    .option('--agents <n>', 'how many agents', positiveInt, 3)
    .option('--url <url>', 'the API (default: PUBLIC_URL)')
    .option('--timeout <seconds>', 'how long to wait for the credentials', positiveInt, 120)
    .option('--json', 'machine-readable output: {"credentials": [...]}')
    .action(async (options: { agents: number; url?: string; timeout: number; json?: boolean }) => {
      await withContext(async ({ db, config, keyEncryptionKey }) => {
        const api = (options.url ?? config.http.publicUrl).replace(/\/+$/, '');
        const ready = await request(`${api}/health/ready`);
        if (!ready.ok) throw new CliError(`the Attain API at ${api} is not ready (${ready.status})`);

        const run = randomBytes(4).toString('hex');
        const secrets = newLmsClientSecrets(await keyEncryptionKey());
        const secret = secrets.hmacSecret;
        const client = await createLmsClient(db, { name: `demo ${run}`, ...secrets.stored });
        const framework = await loadBundledFramework();
        const statements = framework.levels.flatMap((l) => l.statements);
        const activity = (code: string): string => `https://lms.demo.example/activities/${framework.id}/${code}`;
        await saveActivityMappings(
          db,
          statements.map((s) => ({
            activityId: activity(s.code),
            frameworkId: framework.id,
            version: framework.version,
            statements: [s.code],
          })),
          new Date(),
          mapEventWork,
        );

        const agents = Array.from({ length: options.agents }, (_, i) => ({
          id: `demo-${run}-${i + 1}`,
          email: `agent${i + 1}.${run}@demo.example`,
          name: `Demo Agent ${i + 1}`,
        }));
        for (const agent of agents) {
          const body = JSON.stringify(
            statements.map((s, n) => ({
              eventId: randomUUID(),
              learner: agent,
              activityId: activity(s.code),
              score: { scaled: 0.9 },
              passed: true,
              completedAt: new Date(Date.now() - (statements.length - n) * 1000).toISOString(),
            })),
          );
          const timestamp = Math.floor(Date.now() / 1000);
          const response = await request(`${api}/v1/assessment-results`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              [CLIENT_HEADER]: client.id,
              [TIMESTAMP_HEADER]: String(timestamp),
              [SIGNATURE_HEADER]: signIngestBody(secret, timestamp, body),
            },
            body,
          });
          if (response.status !== 202)
            throw new CliError(`ingest answered ${response.status}: ${await response.text()}`);
        }

        const expected = agents.length * framework.levels.length;
        const learnerIds = await listLearnerIdsOfClient(db, client.id);
        const deadline = Date.now() + options.timeout * 1000;
        let issued: CredentialSummary[] = [];
        while ((issued = await listCredentials(db, { learnerIds, limit: expected })).length < expected) {
          if (Date.now() > deadline) {
            throw new CliError(
              `only ${issued.length} of ${expected} credentials after ${options.timeout} s: are the workers running?`,
            );
          }
          await sleep(250);
        }

        const agentOf = new Map(agents.map((a) => [a.id, a.email]));
        const credentials: DemoCredential[] = [];
        for (const c of issued) {
          const url = `${api}/credentials/${c.id}`;
          const document: unknown = await (await request(url)).json();
          const verification = await request(`${api}/credentials/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ verifiableCredential: document }),
          });
          const report = (await verification.json()) as { verified?: boolean };
          credentials.push({
            url,
            id: c.id,
            agent: agentOf.get(c.lmsUserId) ?? c.lmsUserId,
            level: c.level,
            verified: report.verified === true,
          });
        }
        print(
          options.json === true,
          { credentials },
          credentials
            .map((c) => `${c.verified ? 'verified' : 'NOT VERIFIED'}  ${c.level.padEnd(11)} ${c.agent}  ${c.url}`)
            .join('\n'),
        );
        if (credentials.some((c) => !c.verified)) throw new CliError('some credentials did not verify');
      });
    });
}
