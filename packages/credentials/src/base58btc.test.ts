import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase58btc, encodeBase58btc } from './base58btc.js';

describe('base58btc', () => {
  it.each<[number[], string]>([
    [[], ''],
    [[0], '1'],
    [[0, 0, 1], '112'],
    [[57], 'z'],
    [[58], '21'],
    [[0xff, 0xff], 'LUv'],
  ])('encodes %j as %j', (bytes, text) => {
    expect(encodeBase58btc(Uint8Array.from(bytes))).toBe(text);
    expect([...decodeBase58btc(text)]).toEqual(bytes);
  });

  it('round-trips signatures, including ones with leading zero bytes', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(64);
      if (i % 5 === 0) bytes.fill(0, 0, 1 + (i % 3));
      expect(Buffer.from(decodeBase58btc(encodeBase58btc(bytes))).equals(bytes)).toBe(true);
    }
  });
});
