import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@attain/notifications';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real SMTP server that keeps every message it is given. */
async function startSmtp(): Promise<{ port: number; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  // smtp-server's types hide its net.Server; listen() takes the usual arguments.
  const net = (server as unknown as { server: Server }).server;
  await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
  const { port } = net.address() as AddressInfo;
  return {
    port,
    messages,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A real HTTP receiver whose answer the test decides. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answer: { status: number };
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const answer = { status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/attain-hook`,
    received,
    answer,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe('notifications: e-mail to the agent and a signed webhook to the LMS, from a delivery worker', () => {
  let system: TestSystem;
  let client: TestClient;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    receiver = await startReceiver();
    system = await TestSystem.start({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Acme Credentials <credentials@acme.example>',
        DELIVERY_RETRY_BASE_MS: '50',
        DELIVERY_MAX_ATTEMPTS: '3',
      },
    });
    client = await system.createClient();
    await system.mapEveryStatement();
    const hook = await system.admin('PUT', `/admin/lms-clients/${client.id}/webhook`, { url: receiver.url });
    expect(hook).toMatchObject({ statusCode: 200, json: { webhookUrl: receiver.url } });
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
    await smtp.close();
    await receiver.close();
  });

  const deliveries = async (credentialId: string) =>
    (await system.admin('GET', `/admin/deliveries?credentialId=${credentialId}`)).json as unknown as {
      id: string;
      channel: string;
      status: string;
      attempts: number;
      lastError: string | null;
    }[];

  it('e-mails the agent (text and HTML, linking the badge page) and posts a signed webhook', async () => {
    await system.post(
      client,
      system.passingResults({ id: 'n-1', email: 'n-1@brokerage.example', name: 'Nia One' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    const [credential] = await system.credentialsOf('n-1@brokerage.example');
    const id = (credential!.id as string).slice('urn:uuid:'.length);

    await waitFor(
      () => Promise.resolve(smtp.messages.length >= 1 && receiver.received.length >= 1 ? true : undefined),
      'both deliveries',
    );
    const mail = smtp.messages[0]!;
    expect(mail).toMatch(/^To: .*n-1@brokerage\.example/im);
    expect(mail).toMatch(/Content-Type: text\/plain/i);
    expect(mail).toMatch(/Content-Type: text\/html/i);
    expect(mail.replace(/=\r?\n/g, '')).toContain(`/badges/${id}`);

    const hook = receiver.received[0]!;
    const secret = client.secret;
    expect(
      verifyWebhookSignature(
        secret,
        hook.headers['attain-webhook-signature'] as string,
        hook.headers['attain-webhook-timestamp'] as string,
        hook.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    const event = JSON.parse(hook.body) as { type: string; data: Record<string, unknown> };
    expect(event).toMatchObject({
      type: 'credential.issued',
      data: { credentialId: credential!.id, lmsUserId: 'n-1', level: 'emerging' },
    });
    expect(hook.body).not.toContain('n-1@brokerage.example');

    await waitFor(
      async () => ((await deliveries(id)).every((d) => d.status === 'delivered') ? true : undefined),
      'delivered',
    );
    expect((await deliveries(id)).map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
  });

  it('retries a failing webhook with backoff, lists it as dead after the last attempt, and re-drives it on request', async () => {
    receiver.answer.status = 503;
    const before = receiver.received.length;
    await system.post(
      client,
      system.passingResults({ id: 'n-2', email: 'n-2@brokerage.example', name: 'N2' }).slice(0, 10),
    );
    await system.waitForCredentials(2, 30_000);
    // Issuance did not wait for the webhook: the credential exists while its delivery is still failing.
    const [credential] = await system.credentialsOf('n-2@brokerage.example');
    const id = (credential!.id as string).slice('urn:uuid:'.length);
    await waitFor(
      async () => ((await deliveries(id)).find((d) => d.channel === 'webhook')?.status === 'dead' ? true : undefined),
      'the webhook to be given up',
    );
    const dead = (await system.admin('GET', '/admin/deliveries?status=dead')).json as unknown as {
      id: string;
      attempts: number;
      lastError: string;
    }[];
    const webhook = dead.find((d) => (d as unknown as { credentialId: string }).credentialId === id)!;
    expect(webhook).toMatchObject({ attempts: 3, lastError: expect.stringMatching(/503/) as unknown });
    expect(receiver.received.length - before).toBe(3);

    receiver.answer.status = 200;
    expect((await system.admin('POST', `/admin/deliveries/${webhook.id}/retry`)).statusCode).toBe(200);
    await waitFor(
      async () =>
        (await deliveries(id)).find((d) => d.channel === 'webhook')?.status === 'delivered' ? true : undefined,
      'the re-driven webhook',
    );
    expect((await system.admin('POST', `/admin/deliveries/${webhook.id}/retry`)).statusCode).toBe(409);
  });

  it('gives up at once on a permanent refusal, and never undoes the credential', async () => {
    receiver.answer.status = 410;
    await system.post(
      client,
      system.passingResults({ id: 'n-3', email: 'n-3@brokerage.example', name: 'N3' }).slice(0, 10),
    );
    await system.waitForCredentials(3, 30_000);
    const [credential] = await system.credentialsOf('n-3@brokerage.example');
    const id = (credential!.id as string).slice('urn:uuid:'.length);
    await waitFor(
      async () => ((await deliveries(id)).find((d) => d.channel === 'webhook')?.status === 'dead' ? true : undefined),
      'the refused webhook',
    );
    expect((await deliveries(id)).find((d) => d.channel === 'webhook')?.attempts).toBe(1);
    const { rows } = await sql<{ n: string }>`select count(*) as n from credentials where id = ${id}`.execute(
      system.db,
    );
    expect(rows[0]?.n).toBe('1');
    receiver.answer.status = 200;
  });
});
