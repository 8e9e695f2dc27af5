import { once } from 'node:events';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelServices, IssuedCredentialNotice } from '../../delivery-channel.js';
import { DeliveryError } from '../../delivery-error.js';
import { createMailer, type Mailer } from '../../mailer.js';
import { emailChannel } from './email.channel.js';

/** A real SMTP server: `hard-bounce@…` gets a 550, `soft-bounce@…` a 451, everyone else is accepted. */
const received: { recipients: string[]; raw: string }[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const code = { 'hard-bounce': 550, 'soft-bounce': 451 }[address.address.split('@')[0] ?? ''];
    callback(code === undefined ? null : Object.assign(new Error(`Mailbox says ${code}`), { responseCode: code }));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        recipients: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString(),
      });
      callback();
    });
  },
});
let mailer: Mailer;

beforeAll(async () => {
  // smtp-server's bundled types default-import node:net, which this repo's esModuleInterop: false leaves untyped.
  const listening = server.listen(0, '127.0.0.1') as unknown as NetServer;
  await once(listening, 'listening');
  const { port } = listening.address() as AddressInfo;
  mailer = createMailer({ url: `smtp://127.0.0.1:${port}`, from: 'Attain <badges@attain.example>', timeoutMs: 2000 });
});

afterAll(async () => {
  mailer.close();
  await new Promise<void>((resolve) => {
    server.close(resolve);
  });
});

const services = (): ChannelServices => ({
  mailer,
  openSecret: () => {
    throw new Error('the e-mail channel opens no secret');
  },
  now: () => new Date('2026-03-01T12:00:00.000Z'),
});

const notice = (email: string | null): IssuedCredentialNotice => ({
  deliveryId: '0b6f9f64-58c4-4f0e-9d43-3c0a2f1d7e11',
  credential: {
    id: 'urn:uuid:7d7c2a0e-1f7b-4b5e-8f53-2f1c4b0f9a10',
    issuedAt: new Date('2026-03-01T11:59:58.000Z'),
    validUntil: new Date('2027-06-15T00:00:00.000Z'),
    issuerName: 'Acme Securities Academy',
    credentialUrl: 'https://attain.example/credentials/cred-42',
    badgeUrl: 'https://attain.example/badges/cred-42',
    credentialJsonUrl: 'https://attain.example/badges/cred-42/credential.json',
  },
  agent: { name: 'Dana Reyes', email, lmsUserId: 'agent-17' },
  achievement: {
    frameworkId: '41-3031.00',
    frameworkTitle: 'Securities Sales',
    version: 'v.26.05',
    levelKey: 'practitioner',
    levelLabel: 'Level 2 Practitioner',
  },
  lmsClient: undefined,
});

async function failure(email: string | null, given: ChannelServices = services()): Promise<DeliveryError> {
  const error: unknown = await emailChannel.deliver(notice(email), given).then(
    () => new Error('expected the e-mail delivery to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('emailChannel', () => {
  it('applies only with a mailer and an agent identified by e-mail, bound to no LMS client', () => {
    const lmsClient = { id: 'c-1', webhookUrl: 'https://lms.example/hook' };
    expect(emailChannel.appliesTo({ identityType: 'emailAddress', lmsClient }, services())).toEqual({
      lmsClientId: null,
    });
    expect(emailChannel.appliesTo({ identityType: 'lmsUserId', lmsClient }, services())).toBeUndefined();
    expect(
      emailChannel.appliesTo({ identityType: 'emailAddress', lmsClient }, { ...services(), mailer: undefined }),
    ).toBeUndefined();
  });

  it('sends the issued-credential e-mail to the agent over SMTP', async () => {
    await emailChannel.deliver(notice('dana@agents.example'), services());
    const message = received.at(-1)!;
    expect(message.recipients).toEqual(['dana@agents.example']);
    const raw = message.raw
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(raw).toMatch(/^Subject: Your Level 2 Practitioner badge for Securities Sales is ready$/m);
    expect(raw).toContain('View your badge: https://attain.example/badges/cred-42');
    expect(raw).toContain('The credential itself (JSON): https://attain.example/badges/cred-42/credential.json');
    expect(raw).toContain('It is valid until 15 June 2027.');
    expect(raw).toContain('Acme Securities Academy');
  });

  it('classifies a 550 as dead and a 451 as retry', async () => {
    expect(emailChannel.classify(await failure('hard-bounce@agents.example'))).toBe('dead');
    expect(emailChannel.classify(await failure('soft-bounce@agents.example'))).toBe('retry');
  });

  it('waits for SMTP to be configured, but gives up on an agent without an address', async () => {
    const noMailer = await failure('dana@agents.example', { ...services(), mailer: undefined });
    expect(noMailer.message).toBe('no SMTP server is configured (SMTP_URL)');
    expect(emailChannel.classify(noMailer)).toBe('retry');
    const noAddress = await failure(null);
    expect(noAddress.message).toBe('the agent has no e-mail address');
    expect(emailChannel.classify(noAddress)).toBe('dead');
  });

  it('classifies an error that is not a DeliveryError as dead', () => {
    expect(emailChannel.classify(new TypeError('a bug'))).toBe('dead');
  });
});
