import { DeliveryError } from './delivery-error.js';

/** The fields nodemailer puts on its errors. */
interface NodemailerErrorFields {
  code?: unknown;
  responseCode?: unknown;
}

/** Nodemailer refused the message or its envelope itself; sending it again cannot help. */
const localPermanentCodes = new Set(['EENVELOPE', 'EMESSAGE']);
/** The mailer's credentials, not the message, are wrong: once they are fixed, a retry succeeds. */
const credentialCodes = new Set(['EAUTH', 'ENOAUTH']);

function isPermanent(code: unknown, responseCode: number | null): boolean {
  if (typeof code === 'string' && credentialCodes.has(code)) return false;
  if (responseCode !== null) return responseCode >= 500 && responseCode < 600;
  return typeof code === 'string' && localPermanentCodes.has(code);
}

/**
 * Maps a nodemailer error to a DeliveryError. An SMTP 5xx reply is permanent and a 4xx reply
 * transient (RFC 5321 4.2.1); with no reply at all (connection refused, timeout, TLS, DNS) the
 * failure is transient, unless nodemailer rejected the message itself.
 */
export function toSmtpDeliveryError(error: unknown): DeliveryError {
  const fields: NodemailerErrorFields = typeof error === 'object' && error !== null ? error : {};
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : null;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`SMTP delivery failed: ${message}`, {
    permanent: isPermanent(fields.code, responseCode),
    cause: error,
  });
}
