import { once } from 'node:events';
import { createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.js';
import { issuedEmail } from './issued-email.js';
import { createMailer } from './mailer.js';

interface Received {
  user: string | undefined;
  recipients: string[];
  raw: string;
}

/** A real SMTP server: `hard-bounce@…` gets a 550, `soft-bounce@…` a 451, everyone else is accepted. */
const received: Received[] = [];
const server = new SMTPServer({
  authOptional: true,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === 'mailer' && auth.password === 's3cret') callback(null, { user: auth.username });
    else callback(new Error('Invalid username or password'));
  },
  onRcptTo(address, _session, callback) {
    const code = { 'hard-bounce': 550, 'soft-bounce': 451 }[address.address.split('@')[0] ?? ''];
    callback(code === undefined ? null : Object.assign(new Error(`Mailbox says ${code}`), { responseCode: code }));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      received.push({ user: session.user as string | undefined, recipients, raw: Buffer.concat(chunks).toString() });
      callback();
    });
  },
});
let port = 0;

beforeAll(async () => {
  // smtp-server's bundled types default-import node:net, which this repo's esModuleInterop: false leaves untyped.
  const listening = server.listen(0, '127.0.0.1') as unknown as NetServer;
  await once(listening, 'listening');
  port = (listening.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(resolve);
  });
});

const email = (to: string) =>
  issuedEmail({
    agentName: 'Dana Reyes',
    to,
    levelLabel: 'Level 2 Practitioner',
    frameworkTitle: 'Securities Sales',
    issuerName: 'Acme Securities Academy',
    badgeUrl: 'https://attain.example/badges/cred-42',
    credentialJsonUrl: 'https://attain.example/credentials/cred-42.json',
    validUntil: null,
  });

/** Sends and returns the DeliveryError it must fail with. */
async function failure(url: string, to: string): Promise<DeliveryError> {
  const mailer = createMailer({ url, from: 'Attain <badges@attain.example>', timeoutMs: 2000 });
  try {
    await mailer.send(email(to));
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  } finally {
    mailer.close();
  }
  throw new Error('expected send to fail');
}

describe('createMailer', () => {
  it('delivers an issued-credential e-mail with a text and an HTML part', async () => {
    const mailer = createMailer({
      url: `smtp://mailer:s3cret@127.0.0.1:${port}`,
      from: 'Attain <badges@attain.example>',
    });
    await mailer.verify();
    const { messageId } = await mailer.send(email('dana@agents.example'));
    mailer.close();

    const message = received.find((m) => m.raw.includes(messageId));
    expect(message).toBeDefined();
    expect(message!.user).toBe('mailer');
    expect(message!.recipients).toEqual(['dana@agents.example']);
    // Both parts are quoted-printable: undo its soft line breaks (which split long lines, URLs too) and =XX escapes.
    const raw = message!.raw
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(raw).toMatch(/^Content-Type: text\/plain/m);
    expect(raw).toMatch(/^Content-Type: text\/html/m);
    expect(raw).toMatch(/^To: dana@agents\.example$/m);
    expect(raw).toMatch(/^From: Attain <badges@attain\.example>$/m);
    expect(raw).toMatch(/^Subject: Your Level 2 Practitioner badge for Securities Sales is ready$/m);
    expect(raw).toContain('View your badge: https://attain.example/badges/cred-42');
    expect(raw).toContain('<a href="https://attain.example/badges/cred-42" style=');
  });

  it('reports a 550 recipient rejection as permanent', async () => {
    const error = await failure(`smtp://127.0.0.1:${port}`, 'hard-bounce@agents.example');
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('550');
  });

  it('reports a 451 recipient rejection as transient', async () => {
    const error = await failure(`smtp://127.0.0.1:${port}`, 'soft-bounce@agents.example');
    expect(error.permanent).toBe(false);
    expect(error.message).toContain('451');
  });

  it('reports a closed port as transient, from send and from verify', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      probe.close(() => {
        resolve();
      });
    });

    const error = await failure(`smtp://127.0.0.1:${closedPort}`, 'dana@agents.example');
    expect(error.permanent).toBe(false);

    const mailer = createMailer({ url: `smtp://127.0.0.1:${closedPort}`, from: 'badges@attain.example' });
    await expect(mailer.verify()).rejects.toMatchObject({ name: 'DeliveryError', permanent: false });
    mailer.close();
  });

  it('reports wrong credentials as transient: the mailer, not the message, must be fixed', async () => {
    const error = await failure(`smtp://mailer:wrong@127.0.0.1:${port}`, 'dana@agents.example');
    expect(error.message).toContain('535');
    expect(error.permanent).toBe(false);
  });
});
