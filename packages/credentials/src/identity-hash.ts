import { createHash } from 'node:crypto';

/** OB 3.0 hashed identity: 'sha256$' + hex(SHA-256(email + salt)); the e-mail is trimmed and lower-cased first so one inbox gives one hash. */
export function hashIdentity(email: string, salt: string): string {
  const normalised = email.trim().toLowerCase();
  return `sha256$${createHash('sha256')
    .update(normalised + salt, 'utf8')
    .digest('hex')}`;
}

/** The same hash over an account identifier, taken as it is (accounts are case-sensitive). */
export function hashAccount(identity: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(identity + salt, 'utf8')
    .digest('hex')}`;
}
