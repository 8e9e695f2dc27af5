import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIngestSignature, signIngestBody } from './ingest-signature.js';

describe('ingest signature', () => {
  const secret = 'shared-secret';
  const body = Buffer.from('{"eventId":"e-1"}');
  const now = new Date('2026-11-25T12:00:00Z');
  const timestamp = Math.floor(now.getTime() / 1000);

  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.{"eventId":"e-1"}`).digest('hex');
    expect(signIngestBody(secret, timestamp, body)).toBe(`v1=${expected}`);
  });

  const check = (overrides: Partial<Parameters<typeof checkIngestSignature>[0]>) =>
    checkIngestSignature({
      secret,
      timestamp: String(timestamp),
      signature: signIngestBody(secret, timestamp, body),
      body,
      now,
      toleranceSeconds: 300,
      ...overrides,
    });

  it('accepts a fresh, matching signature, up to the tolerance either way', () => {
    expect(check({})).toEqual({ ok: true });
    for (const skew of [-300, 300]) {
      const ts = timestamp + skew;
      expect(check({ timestamp: String(ts), signature: signIngestBody(secret, ts, body) })).toEqual({ ok: true });
    }
  });

  it('refuses a stale or future timestamp even when the signature matches', () => {
    for (const skew of [-301, 301]) {
      const ts = timestamp + skew;
      expect(check({ timestamp: String(ts), signature: signIngestBody(secret, ts, body) })).toMatchObject({
        ok: false,
        code: 'stale_timestamp',
      });
    }
    expect(check({ timestamp: '2026-11-25T12:00:00Z' })).toMatchObject({ ok: false, code: 'stale_timestamp' });
  });

  it('refuses another body, another secret, and a signature of the wrong length', () => {
    expect(check({ body: Buffer.from('{"eventId":"e-2"}') })).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(check({ secret: 'other' })).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(check({ signature: 'v1=abc' })).toMatchObject({ ok: false, code: 'invalid_signature' });
  });
});
