import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'whsec_test';
const body = '{"id":"evt_1"}';
const at = 1_772_366_400; // 2026-03-01T12:00:00Z
// Computed independently: printf '%s' '1772366400.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
const expected = 'v1=423eaca490dc90f990738fb794aeaf13bc5ebdb56ba71a34ff498d8927382f0c';

describe('signWebhook', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    expect(signWebhook(secret, at, body)).toBe(expected);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts the signature within the tolerance', () => {
    expect(verifyWebhookSignature(secret, expected, String(at), body, at)).toBe(true);
    expect(verifyWebhookSignature(secret, expected, String(at), body, at + 300)).toBe(true);
    expect(verifyWebhookSignature(secret, expected, String(at), body, at - 300)).toBe(true);
  });

  it('rejects a stale or future timestamp', () => {
    expect(verifyWebhookSignature(secret, expected, String(at), body, at + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, expected, String(at), body, at - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, expected, String(at), body, at + 1000, 2000)).toBe(true);
  });

  it('rejects a changed body, timestamp, secret or signature', () => {
    expect(verifyWebhookSignature(secret, expected, String(at), '{"id":"evt_2"}', at)).toBe(false);
    expect(verifyWebhookSignature(secret, expected, String(at + 1), body, at)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', expected, String(at), body, at)).toBe(false);
    expect(verifyWebhookSignature(secret, expected.slice(0, -1) + 'd', String(at), body, at)).toBe(false);
    expect(verifyWebhookSignature(secret, expected.slice(0, -2), String(at), body, at)).toBe(false);
  });

  it('rejects missing or malformed headers', () => {
    expect(verifyWebhookSignature(secret, undefined, String(at), body, at)).toBe(false);
    expect(verifyWebhookSignature(secret, expected, null, body, at)).toBe(false);
    expect(verifyWebhookSignature(secret, expected, '1772366400.5', body, at)).toBe(false);
    expect(verifyWebhookSignature(secret, expected, '', body, at)).toBe(false);
  });
});
