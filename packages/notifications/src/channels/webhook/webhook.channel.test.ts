import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelServices, IssuedCredentialNotice } from '../../delivery-channel.js';
import { DeliveryError } from '../../delivery-error.js';
import { verifyWebhookSignature } from '../../webhook-signature.js';
import { webhookChannel } from './webhook.channel.js';

/** A real receiver; the path picks its answer (`/hook` 204, `/503`, `/410`). */
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const path = req.url ?? '';
    received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(path === '/hook' ? 204 : Number(path.slice(1))).end();
  });
});
let baseUrl = '';

beforeAll(async () => {
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  baseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => {
    receiver.close(() => {
      resolve();
    });
  });
});

const secret = 'whsec_lms_client_1';
const services: ChannelServices = {
  mailer: undefined,
  // The worker's key-encryption key opens it; here the "sealed" form is simply tagged.
  openSecret: (sealed) => sealed.replace(/^sealed:/, ''),
  now: () => new Date('2026-03-01T12:00:00.000Z'),
};

const notice = (webhookUrl: string | null, bound = true): IssuedCredentialNotice => ({
  deliveryId: '0b6f9f64-58c4-4f0e-9d43-3c0a2f1d7e11',
  credential: {
    id: 'urn:uuid:7d7c2a0e-1f7b-4b5e-8f53-2f1c4b0f9a10',
    issuedAt: new Date('2026-03-01T11:59:58.000Z'),
    validUntil: null,
    issuerName: 'Acme Securities Academy',
    credentialUrl: 'https://attain.example/credentials/cred-42',
    badgeUrl: 'https://attain.example/badges/cred-42',
    credentialJsonUrl: 'https://attain.example/badges/cred-42/credential.json',
  },
  agent: { name: 'Dana Reyes', email: 'dana@agents.example', lmsUserId: 'agent-17' },
  achievement: {
    frameworkId: '41-3031.00',
    frameworkTitle: 'Securities Sales',
    version: 'v.26.05',
    levelKey: 'practitioner',
    levelLabel: 'Level 2 Practitioner',
  },
  lmsClient: bound ? { id: 'c-1', webhookUrl, hmacSecretSealed: `sealed:${secret}` } : undefined,
});

async function failure(n: IssuedCredentialNotice): Promise<DeliveryError> {
  const error: unknown = await webhookChannel.deliver(n, services).then(
    () => new Error('expected the webhook delivery to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('webhookChannel', () => {
  it("applies when the agent's LMS client has a webhook, bound to that client", () => {
    const on = (lmsClient: { id: string; webhookUrl: string | null } | undefined) =>
      webhookChannel.appliesTo({ identityType: 'emailAddress', lmsClient }, services);
    expect(on({ id: 'c-1', webhookUrl: 'https://lms.example/hook' })).toEqual({ lmsClientId: 'c-1' });
    expect(on({ id: 'c-1', webhookUrl: null })).toBeUndefined();
    expect(on(undefined)).toBeUndefined();
  });

  it('POSTs a signed credential.issued event, keyed by the delivery id, without the e-mail address', async () => {
    await webhookChannel.deliver(notice(`${baseUrl}/hook`), services);
    const request = received.find((r) => r.path === '/hook')!;
    expect(request.headers['attain-webhook-id']).toBe('0b6f9f64-58c4-4f0e-9d43-3c0a2f1d7e11');
    expect(request.headers['attain-webhook-timestamp']).toBe('1772366400');
    const signature = request.headers['attain-webhook-signature'] as string;
    expect(verifyWebhookSignature(secret, signature, '1772366400', request.body, 1_772_366_400)).toBe(true);
    expect(JSON.parse(request.body)).toEqual({
      id: '0b6f9f64-58c4-4f0e-9d43-3c0a2f1d7e11',
      type: 'credential.issued',
      createdAt: '2026-03-01T11:59:58.000Z',
      data: {
        credentialId: 'urn:uuid:7d7c2a0e-1f7b-4b5e-8f53-2f1c4b0f9a10',
        credentialUrl: 'https://attain.example/credentials/cred-42',
        badgeUrl: 'https://attain.example/badges/cred-42',
        lmsUserId: 'agent-17',
        framework: '41-3031.00',
        version: 'v.26.05',
        level: 'practitioner',
        validUntil: null,
      },
    });
    expect(request.body).not.toContain('dana@agents.example');
  });

  it('classifies a 503 as retry and a 410 as dead', async () => {
    expect(webhookChannel.classify(await failure(notice(`${baseUrl}/503`)))).toBe('retry');
    expect(webhookChannel.classify(await failure(notice(`${baseUrl}/410`)))).toBe('dead');
  });

  it('gives up when the client has no webhook any more, or is gone', async () => {
    for (const n of [notice(null), notice(null, false)]) {
      const error = await failure(n);
      expect(error.message).toBe('the LMS client has no webhook any more');
      expect(webhookChannel.classify(error)).toBe('dead');
    }
  });
});
