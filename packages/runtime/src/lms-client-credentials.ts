import { randomBytes } from 'node:crypto';
import { hashToken } from './admin-token.js';
import { sealSecret } from './sealed-box.js';

export interface LmsClientSecrets {
  /** Shown once to the operator, never stored in clear. */
  hmacSecret: string;
  xapiKey: string;
  xapiSecret: string;
  /** What the database keeps. */
  stored: { hmacSecretSealed: string; xapiKey: string; xapiSecretHash: string };
}

/**
 * New credentials for an LMS client. The HMAC secret is sealed (the server needs it to compute
 * signatures); the xAPI secret is only compared, so a hash is enough: it is 256 random bits, so a
 * fast hash resists guessing as well as a slow one would.
 */
export function newLmsClientSecrets(kek: Buffer): LmsClientSecrets {
  const hmacSecret = randomBytes(32).toString('base64url');
  const xapiKey = `xk_${randomBytes(12).toString('hex')}`;
  const xapiSecret = randomBytes(32).toString('base64url');
  return {
    hmacSecret,
    xapiKey,
    xapiSecret,
    stored: { hmacSecretSealed: sealSecret(hmacSecret, kek), xapiKey, xapiSecretHash: hashXapiSecret(xapiSecret) },
  };
}

export function hashXapiSecret(secret: string): string {
  return hashToken(secret);
}
