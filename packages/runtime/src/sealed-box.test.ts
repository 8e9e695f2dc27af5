import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, SecretBoxError, sealSecret } from './sealed-box.js';

describe('secret box', () => {
  const kek = randomBytes(32);

  it('opens what it sealed, and never stores the plain text', () => {
    const sealed = sealSecret('hmac-secret-value', kek);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('hmac-secret-value');
    expect(openSecret(sealed, kek)).toBe('hmac-secret-value');
  });

  it('seals the same secret differently each time (fresh IV)', () => {
    expect(sealSecret('same', kek)).not.toBe(sealSecret('same', kek));
  });

  it('refuses another key, a tampered body, a shortened tag and an unknown format', () => {
    const sealed = sealSecret('secret', kek);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretBoxError);
    const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret([version, iv, tag, flipped.toString('base64url')].join('.'), kek)).toThrow(SecretBoxError);
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => openSecret([version, iv, shortTag, body].join('.'), kek)).toThrow(SecretBoxError);
    expect(() => openSecret('plain-text', kek)).toThrow(/unknown format/);
  });
});
