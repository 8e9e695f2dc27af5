import { describe, expect, it } from 'vitest';
import { checkRelatedResource } from './related-resource.check.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const pointers = (relatedResource: unknown): string[] =>
  checkRelatedResource({ relatedResource }).map((p) => p.pointer);

describe('relatedResource (VC 2.0 §5.3)', () => {
  it('is not required', () => {
    expect(checkRelatedResource({})).toEqual([]);
  });

  it('accepts SRI and multibase digests of SHA-2 lengths', () => {
    const sha256 = `sha256-${'A'.repeat(43)}=`;
    const sha384 = `sha384-${'B'.repeat(64)}`;
    const sha512 = `sha512-${'C'.repeat(86)}==`;
    expect(pointers({ id: V2, digestSRI: `${sha256} ${sha384} ${sha512}?opt` })).toEqual([]);
    // u + base64url of a bare SHA-256 (the W3C suite's form) and of a sha2-256 multihash (0x12 0x20 …).
    expect(pointers({ id: V2, digestMultibase: `u${Buffer.alloc(32, 7).toString('base64url')}` })).toEqual([]);
    const multihash = Buffer.concat([Buffer.from([0x12, 0x20]), Buffer.alloc(32, 9)]);
    expect(pointers({ id: V2, digestMultibase: [`u${multihash.toString('base64url')}`] })).toEqual([]);
    // z + base58btc: the Data Integrity spec's example, a sha2-256 multihash.
    expect(pointers({ id: V2, digestMultibase: 'zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n' })).toEqual([]);
  });

  it('refuses digests of the wrong form or length', () => {
    expect(pointers({ id: V2, digestSRI: `sha384-${'B'.repeat(43)}=` })).toEqual(['/relatedResource/digestSRI']);
    expect(pointers({ id: V2, digestSRI: `sha1-${'B'.repeat(27)}=` })).toEqual(['/relatedResource/digestSRI']);
    expect(pointers({ id: V2, digestSRI: ' ' })).toEqual(['/relatedResource/digestSRI']);
    expect(pointers({ id: V2, digestMultibase: `u${Buffer.alloc(33).toString('base64url')}` })).toEqual([
      '/relatedResource/digestMultibase',
    ]);
    expect(pointers({ id: V2, digestMultibase: `m${Buffer.alloc(32).toString('base64')}` })).toEqual([
      '/relatedResource/digestMultibase',
    ]);
    expect(pointers({ id: V2, digestMultibase: [] })).toEqual(['/relatedResource/digestMultibase']);
  });

  it('refuses strings, missing and duplicate ids, and objects without a digest', () => {
    expect(pointers([V2, { id: V2, digestSRI: `sha384-${'B'.repeat(64)}` }])).toEqual(['/relatedResource/0']);
    expect(pointers([{ digestSRI: `sha384-${'B'.repeat(64)}` }])).toEqual(['/relatedResource/0/id']);
    expect(
      pointers([
        { id: V2, digestSRI: `sha384-${'B'.repeat(64)}` },
        { id: V2, digestSRI: `sha384-${'C'.repeat(64)}` },
      ]),
    ).toEqual(['/relatedResource/1/id']);
    expect(pointers({ id: V2 })).toEqual(['/relatedResource']);
    expect(pointers(null)).toEqual(['/relatedResource']);
  });
});
