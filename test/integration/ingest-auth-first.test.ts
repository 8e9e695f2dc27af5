import { countAssessmentEvents } from '@attain/db';
import { CLIENT_HEADER, SIGNATURE_HEADER, signIngestBody, TIMESTAMP_HEADER } from '@attain/runtime';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

/** 4.8 MB: under the 5 MB body limit, so only who sent it can get it refused early. */
const LARGE = Math.round(4.8 * 1024 * 1024);

/**
 * Sends the headers of a `LARGE` body and its first 64 KB, then nothing more: the request never
 * completes. Resolves with the response that arrives all the same, or rejects at the deadline.
 */
function postHeadersOnly(
  base: string,
  headers: Record<string, string>,
  deadlineMs = 10_000,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const url = new URL('/v1/assessment-results', base);
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(LARGE), ...headers },
    });
    const deadline = setTimeout(() => {
      request.destroy();
      reject(new Error(`no response within ${deadlineMs} ms while the body was still unsent`));
    }, deadlineMs);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(deadline);
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        });
      });
    });
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.write(Buffer.alloc(64 * 1024, 0x20));
  });
}

describe('native ingest checks who sent a request before reading or parsing its body', () => {
  let system: TestSystem;
  let client: TestClient;
  let base: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient();
    base = await system.listen();
  });
  afterAll(async () => {
    await system.close();
  });

  const unix = (): number => Math.floor(Date.now() / 1000);
  const signed = (overrides: Record<string, string> = {}): Record<string, string> => {
    const timestamp = unix();
    return {
      [CLIENT_HEADER]: client.id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signIngestBody(client.secret, timestamp, 'whatever'),
      ...overrides,
    };
  };

  it.each([
    ['an unknown client', () => signed({ [CLIENT_HEADER]: '2b0e8e39-6f55-4a1e-8d0a-3d3c7c0f0f00' }), 'unknown_client'],
    ['a stale timestamp', () => signed({ [TIMESTAMP_HEADER]: String(unix() - 3600) }), 'stale_timestamp'],
    [
      'no signature header',
      () => ({ [CLIENT_HEADER]: client.id, [TIMESTAMP_HEADER]: String(unix()) }),
      'missing_signature',
    ],
  ])('answers %s 401 before its 4.8 MB body is sent', async (_name, headers, code) => {
    const response = await postHeadersOnly(base, headers());
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ status: 401, code });
  });

  it('answers six large unauthenticated bodies one after another, each before it is sent', async () => {
    for (let i = 0; i < 6; i += 1) {
      const response = await postHeadersOnly(base, signed({ [CLIENT_HEADER]: `not-a-client-${i}` }));
      expect(response.json).toMatchObject({ code: 'unknown_client' });
    }
    // The server is still there for a genuine client on the same port.
    const body = JSON.stringify({
      eventId: 'after-the-flood',
      learner: { id: 'u-1', email: 'agent@brokerage.example', name: 'Agent' },
      activityId: 'https://lms.test/activities/emerging-1',
      passed: true,
      completedAt: '2026-11-20T10:00:00Z',
    });
    const timestamp = unix();
    const accepted = await fetch(new URL('/v1/assessment-results', base), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CLIENT_HEADER]: client.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signIngestBody(client.secret, timestamp, body),
      },
      body,
    });
    expect(accepted.status).toBe(202);
  });

  it('refuses a wrongly signed body 401 without parsing it: not even JSON is 401, not 400', async () => {
    const events = await countAssessmentEvents(system.db);
    for (const rawBody of ['this is not JSON {', '{"__proto__": {"polluted": true}}', '[[[[[[[[', '']) {
      const response = await system.post(client, undefined, { rawBody, signature: `v1=${'0'.repeat(64)}` });
      expect(response.statusCode, rawBody).toBe(401);
      expect(response.json).toMatchObject({ code: 'invalid_signature' });
    }
    // Another client's secret over the same bytes is as wrong as a made-up signature.
    const other = await system.createClient('another LMS');
    const foreign = await system.post({ id: other.id, secret: client.secret }, undefined, { rawBody: 'not JSON' });
    expect(foreign.statusCode).toBe(401);
    expect(foreign.json.code).toBe('invalid_signature');
    expect(await countAssessmentEvents(system.db)).toBe(events);
  });

  it('still parses and checks the bytes it has authenticated', async () => {
    const notJson = await system.post(client, undefined, { rawBody: 'this is not JSON {' });
    expect(notJson.statusCode).toBe(400);
    const poisoned = await system.post(client, undefined, { rawBody: '{"__proto__": {"polluted": true}}' });
    expect(poisoned.statusCode).toBe(400);
    const deep = await system.post(client, undefined, { rawBody: `${'['.repeat(100)}${']'.repeat(100)}` });
    expect(deep.statusCode).toBe(400);
    expect(deep.json.code).toBe('too_deep');
  });

  it('checks the signature of a request without a body, over no bytes', async () => {
    const timestamp = unix();
    const inject = (signature: string) =>
      system.app.inject({
        method: 'POST',
        url: '/v1/assessment-results',
        headers: { [CLIENT_HEADER]: client.id, [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signature },
      });
    const forged = await inject(`v1=${'0'.repeat(64)}`);
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'invalid_signature' });
    const genuine = await inject(signIngestBody(client.secret, timestamp, ''));
    expect(genuine.statusCode).toBe(400);
  });
});
