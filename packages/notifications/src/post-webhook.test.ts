import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.js';
import { postWebhook, type WebhookEvent } from './post-webhook.js';
import { verifyWebhookSignature } from './webhook-signature.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
const held: ServerResponse[] = [];
let otherOriginHits = 0;

/** Another origin, the target of the receiver's redirect; it must never be reached. */
const other = createServer((_req, res) => {
  otherOriginHits++;
  res.writeHead(204).end();
});

/** A real receiver; the path picks its answer. */
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const path = req.url ?? '';
    received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString() });
    if (path === '/slow') held.push(res);
    else if (path === '/redirect') res.writeHead(302, { location: `${otherUrl}/hook` }).end();
    else res.writeHead(Number(path.split('?')[0]!.slice(1))).end('a body nobody reads');
  });
});
let receiverUrl = '';
let otherUrl = '';

async function listen(server: typeof receiver): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  receiverUrl = await listen(receiver);
  otherUrl = await listen(other);
});

afterAll(async () => {
  for (const res of held) res.destroy();
  for (const server of [receiver, other]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
});

const secret = 'whsec_lms_client_1';
const event: WebhookEvent = {
  id: 'evt_01J9Z',
  type: 'credential.issued',
  createdAt: '2026-03-01T11:59:58.000Z',
  data: { credentialId: 'urn:uuid:7d7c', agentRef: 'agent-17', badgeUrl: 'https://attain.example/badges/cred-42' },
};
const now = () => new Date('2026-03-01T12:00:00.000Z');

async function failure(path: string, timeoutMs = 5000): Promise<DeliveryError> {
  const attempt = postWebhook({ url: `${receiverUrl}${path}`, secret, event, now, timeoutMs });
  const error: unknown = await attempt.then(
    () => new Error('expected postWebhook to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('postWebhook', () => {
  it('POSTs the event as JSON with id, timestamp and a signature the receiver can verify', async () => {
    const result = await postWebhook({ url: `${receiverUrl}/204?token=abc`, secret, event, now });
    expect(result).toEqual({ status: 204 });

    const request = received.find((r) => r.path === '/204?token=abc')!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['attain-webhook-id']).toBe('evt_01J9Z');
    expect(request.headers['attain-webhook-timestamp']).toBe('1772366400');
    expect(JSON.parse(request.body)).toEqual(event);
    const signature = request.headers['attain-webhook-signature'] as string;
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, signature, '1772366400', request.body, 1_772_366_460)).toBe(true);
    expect(verifyWebhookSignature('another secret', signature, '1772366400', request.body, 1_772_366_460)).toBe(false);
  });

  it('treats a 500 as transient', async () => {
    const error = await failure('/500');
    expect(error.permanent).toBe(false);
    expect(error.message).toContain('HTTP 500');
  });

  it('treats 408 and 429 as transient', async () => {
    expect((await failure('/408')).permanent).toBe(false);
    expect((await failure('/429')).permanent).toBe(false);
  });

  it('treats a 410 as permanent', async () => {
    const error = await failure('/410');
    expect(error.permanent).toBe(true);
    expect(error.message).toBe(`webhook evt_01J9Z to ${receiverUrl} answered HTTP 410`);
  });

  it('treats a redirect as permanent and does not follow it', async () => {
    const error = await failure('/redirect');
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('HTTP 302');
    expect(otherOriginHits).toBe(0);
  });

  it('treats a receiver slower than timeoutMs as transient', async () => {
    const error = await failure('/slow', 200);
    expect(error.permanent).toBe(false);
    expect(held).toHaveLength(1);
  });

  it('treats a refused connection as transient', async () => {
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const error: unknown = await postWebhook({ url: `${closedUrl}/hook`, secret, event, now }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DeliveryError', permanent: false });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('refuses a URL that is not http(s), permanently', async () => {
    await expect(postWebhook({ url: 'file:///etc/passwd', secret, event })).rejects.toMatchObject({
      name: 'DeliveryError',
      permanent: true,
    });
  });
});
