import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashAccount, hashIdentity } from './identity-hash.js';

describe('hashIdentity', () => {
  const salt = '3f9c1a7e5b2d4c68';
  const expected = 'sha256$132875bd31ba78ff57faa6cec8aca9a0bb29364e50b60a3f037aea2c9308c598';

  it('is sha256$ + hex(SHA-256(email + salt))', () => {
    expect(hashIdentity('learner@example.com', salt)).toBe(expected);
    const independent = createHash('sha256').update(`learner@example.com${salt}`).digest('hex');
    expect(expected).toBe(`sha256$${independent}`);
  });

  it('trims and lower-cases the e-mail first', () => {
    expect(hashIdentity('  Learner@EXAMPLE.com\n', salt)).toBe(expected);
  });

  it('changes with the salt', () => {
    expect(hashIdentity('learner@example.com', 'other-salt')).not.toBe(expected);
  });
});

describe('hashAccount', () => {
  it('hashes an account identifier with its salt, case kept', () => {
    const expected = `sha256$${createHash('sha256').update('https://lms.example|U-17ab').digest('hex')}`;
    expect(hashAccount('https://lms.example|U-17', 'ab')).toBe(expected);
    expect(hashAccount('https://lms.example|u-17', 'ab')).not.toBe(expected);
  });
});
