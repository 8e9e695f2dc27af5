import { enqueueOutbox } from '@attain/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

describe('poison work: bounded retries, a dead-letter list, re-drive', () => {
  let system: TestSystem;
  let client: TestClient;

  beforeAll(async () => {
    system = await TestSystem.start({ retryAfterMs: 100, env: { OUTBOX_MAX_FAILURES: '3' } });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  it('sets aside work that can never succeed, with its error, and keeps issuing everything else', async () => {
    // An issue job for an attainment that does not exist: its processor fails it for good, every time.
    const [poison] = await enqueueOutbox(
      system.db,
      [
        {
          topic: 'credential.issue',
          jobKey: 'poison',
          payload: { attainmentId: '00000000-0000-4000-8000-00000000dead' },
        },
      ],
      new Date(),
    );
    await system.post(client, system.passingResults({ id: 'dl-1', email: 'dl-1@brokerage.example', name: 'D' }));
    await system.waitForCredentials(4); // waits for an empty outbox: dead letters are not pending work

    const dead = await waitFor(async () => {
      const list = (await system.admin('GET', '/admin/dead-letters')).json as unknown as {
        id: string;
        topic: string;
        failures: number;
        lastError: string | null;
      }[];
      return list.find((d) => d.id === poison!.id);
    }, 'the poison job in the dead-letter list');
    expect(dead).toMatchObject({
      topic: 'credential.issue',
      failures: 3,
      lastError: expect.stringMatching(/does not exist/) as unknown,
    });

    const redriven = await system.admin('POST', `/admin/dead-letters/${poison!.id}/redrive`);
    expect(redriven).toMatchObject({ statusCode: 200, json: { status: 'pending' } });
    expect((await system.admin('POST', `/admin/dead-letters/${poison!.id}/redrive`)).statusCode).toBe(409);
    // Still poison: it comes back to the list after three more failed runs.
    await waitFor(async () => {
      const list = (await system.admin('GET', '/admin/dead-letters')).json as unknown as { id: string }[];
      return list.some((d) => d.id === poison!.id) ? true : undefined;
    }, 'the poison job dead again');
  });
});
