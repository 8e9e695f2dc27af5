import { createTransport } from 'nodemailer';
import type { EmailMessage } from './issued-email.js';
import { toSmtpDeliveryError } from './smtp-error.js';

export interface MailerOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (implicit TLS). */
  url: string;
  from: string;
  /** Connection, greeting and socket inactivity timeout; 10 s by default. */
  timeoutMs?: number;
}

export interface Mailer {
  /** Sends one message; rejects with a DeliveryError. */
  send(message: EmailMessage): Promise<{ messageId: string }>;
  /** Connects and authenticates without sending, to fail fast at start-up; rejects with a DeliveryError. */
  verify(): Promise<void>;
  close(): void;
}

export function createMailer(options: MailerOptions): Mailer {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transport = createTransport({
    url: options.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Messages are built from strings only; never let content make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
        return { messageId: info.messageId };
      } catch (error) {
        throw toSmtpDeliveryError(error);
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (error) {
        throw toSmtpDeliveryError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
