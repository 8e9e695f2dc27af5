import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The native webhook's signature: `X-Attain-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * with `X-Attain-Timestamp: <unix seconds>` and `X-Attain-Client: <client id>`. Signing the
 * timestamp with the body makes a captured request useless once it is stale.
 */
export const SIGNATURE_HEADER = 'x-attain-signature';
export const TIMESTAMP_HEADER = 'x-attain-timestamp';
export const CLIENT_HEADER = 'x-attain-client';

export function signIngestBody(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

export type SignatureCheck =
  { ok: true } | { ok: false; code: 'stale_timestamp' | 'invalid_signature'; message: string };

/**
 * The timestamp alone, checkable from the headers before the body is read: a stale request is
 * refused without receiving what it sends.
 */
export function checkIngestTimestamp(input: {
  timestamp: string;
  now: Date;
  toleranceSeconds: number;
}): SignatureCheck {
  if (!/^\d{1,12}$/.test(input.timestamp)) {
    return { ok: false, code: 'stale_timestamp', message: `${TIMESTAMP_HEADER} must be Unix time in seconds` };
  }
  const skew = Math.abs(input.now.getTime() / 1000 - Number(input.timestamp));
  if (skew > input.toleranceSeconds) {
    return {
      ok: false,
      code: 'stale_timestamp',
      message: `${TIMESTAMP_HEADER} is ${Math.round(skew)} s away from server time (limit ${input.toleranceSeconds} s)`,
    };
  }
  return { ok: true };
}

export function checkIngestSignature(input: {
  secret: string;
  timestamp: string;
  signature: string;
  body: Buffer;
  now: Date;
  toleranceSeconds: number;
}): SignatureCheck {
  const fresh = checkIngestTimestamp(input);
  if (!fresh.ok) return fresh;
  const expected = Buffer.from(signIngestBody(input.secret, Number(input.timestamp), input.body));
  const given = Buffer.from(input.signature);
  // Compared in constant time; a length mismatch reveals only that the format is wrong.
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, code: 'invalid_signature', message: `${SIGNATURE_HEADER} does not match the body` };
  }
  return { ok: true };
}
