import { createHmac, timingSafeEqual } from 'node:crypto';

function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the timestamp is signed so a capture cannot be replayed later. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * Whether `header` is the signature of `body` sent at `timestampHeader` (unix seconds), and that time is
 * within `toleranceSeconds` of `nowSeconds`. `body` must be the raw request body, byte for byte.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  timestampHeader: string | null | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (header == null || timestampHeader == null || !/^\d{1,15}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const actual = Buffer.from(header.trim());
  // The length of a valid signature is public, so comparing lengths first leaks nothing.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
