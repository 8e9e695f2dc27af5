import { deflateSync } from 'node:zlib';
import encodeChunks from 'png-chunks-encode';
import { describe, expect, it } from 'vitest';
import { BakedImageError } from './baked-image.error.js';
import { bakePng, extractFromPng } from './bake-png.js';
import { sampleCredential, sampleCredentialJson } from './sample-credential.fixture.js';
import { chunksOf, pngSize, samplePng } from './sample-png.fixture.js';

const png = samplePng(64);
const header = Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1');

function credentialChunks(image: Uint8Array): { name: string; data: Uint8Array }[] {
  return chunksOf(image).filter(
    (chunk) => Buffer.from(chunk.data).subarray(0, 20).toString('latin1') === 'openbadgecredential\0',
  );
}

function withChunk(image: Uint8Array, name: string, data: Buffer): Buffer {
  const [ihdr, ...rest] = chunksOf(image);
  return Buffer.from(encodeChunks([ihdr!, { name, data }, ...rest]));
}

describe('bakePng / extractFromPng', () => {
  it('gives back exactly the baked JSON, byte for byte', () => {
    const text = extractFromPng(bakePng(png, sampleCredentialJson));
    expect(text).toBe(sampleCredentialJson);
    expect(JSON.parse(text!)).toEqual(sampleCredential);
  });

  it('writes one uncompressed iTXt chunk, with empty language tag and translated keyword, right after IHDR', () => {
    const chunks = chunksOf(bakePng(png, sampleCredentialJson));
    expect(chunks.map((c) => c.name).slice(0, 2)).toEqual(['IHDR', 'iTXt']);
    expect(chunks.at(-1)?.name).toBe('IEND');
    expect(Buffer.from(chunks[1]!.data)).toEqual(Buffer.concat([header, Buffer.from(sampleCredentialJson, 'utf8')]));
  });

  it('keeps the image: same size and the same chunks otherwise, every CRC valid', () => {
    const baked = bakePng(png, sampleCredentialJson);
    expect(pngSize(baked)).toEqual({ width: 64, height: 64 });
    const others = chunksOf(baked).filter((c) => c.name !== 'iTXt');
    expect(others).toEqual(chunksOf(png));
  });

  it('leaves exactly one credential chunk when baked twice, holding the second credential', () => {
    const twice = bakePng(bakePng(png, sampleCredentialJson), '{"second":true}');
    expect(credentialChunks(twice)).toHaveLength(1);
    expect(extractFromPng(twice)).toBe('{"second":true}');
  });

  it('removes an older openbadgecredential tEXt chunk', () => {
    const withText = withChunk(png, 'tEXt', Buffer.from('openbadgecredential\0{"old":true}', 'latin1'));
    const baked = bakePng(withText, '{"new":true}');
    expect(chunksOf(baked).filter((c) => c.name === 'tEXt')).toHaveLength(0);
    expect(extractFromPng(baked)).toBe('{"new":true}');
  });

  it('reads back a changed credential when a byte of the text is altered and the CRC recomputed', () => {
    const chunks = chunksOf(bakePng(png, sampleCredentialJson));
    const data = Buffer.from(chunks[1]!.data);
    const at = data.indexOf('2026-05-01T09:30:00Z');
    data[at + 3] = '7'.charCodeAt(0);
    const tampered = Buffer.from(encodeChunks([chunks[0]!, { name: 'iTXt', data }, ...chunks.slice(2)]));
    const text = extractFromPng(tampered)!;
    expect(text).not.toBe(sampleCredentialJson);
    expect((JSON.parse(text) as typeof sampleCredential).validFrom).toBe('2027-05-01T09:30:00Z');
  });

  it('rejects a PNG whose credential bytes changed without a matching CRC', () => {
    const baked = bakePng(png, sampleCredentialJson);
    baked[baked.indexOf('Proficient')] = 'p'.charCodeAt(0);
    expect(() => extractFromPng(baked)).toThrow(expect.objectContaining({ problem: 'damaged-image' }));
  });

  it('returns undefined for a PNG with no credential', () => {
    expect(extractFromPng(png)).toBeUndefined();
  });

  it('refuses a PNG with two credential chunks', () => {
    const two = withChunk(bakePng(png, '{"a":1}'), 'iTXt', Buffer.concat([header, Buffer.from('{"b":2}')]));
    expect(() => extractFromPng(two)).toThrow(expect.objectContaining({ problem: 'multiple-credentials' }));
  });

  it('inflates a zlib-compressed chunk and refuses an unknown compression method', () => {
    const keyword = Buffer.from('openbadgecredential\0', 'latin1');
    const deflated = deflateSync(Buffer.from(sampleCredentialJson, 'utf8'));
    const zlib = Buffer.concat([keyword, Buffer.from([1, 0, 0, 0]), deflated]);
    expect(extractFromPng(withChunk(png, 'iTXt', zlib))).toBe(sampleCredentialJson);
    const unknown = Buffer.concat([keyword, Buffer.from([1, 7, 0, 0]), deflated]);
    expect(() => extractFromPng(withChunk(png, 'iTXt', unknown))).toThrow(
      expect.objectContaining({ problem: 'unsupported-encoding' }),
    );
  });

  it('refuses a malformed iTXt chunk', () => {
    const truncated = Buffer.from('openbadgecredential\0\0\0', 'latin1');
    expect(() => extractFromPng(withChunk(png, 'iTXt', truncated))).toThrow(
      expect.objectContaining({ problem: 'unreadable-credential' }),
    );
  });

  it('says plainly that other bytes are not a PNG', () => {
    expect(() => bakePng(Buffer.from('<svg/>'), '{}')).toThrow(
      new BakedImageError('not-an-image', 'This file is not a PNG image.'),
    );
    expect(() => extractFromPng(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toThrow(BakedImageError);
  });

  it('refuses text that has no UTF-8 form', () => {
    expect(() => bakePng(png, '{"bad":"\uD800"}')).toThrow(
      expect.objectContaining({ problem: 'unstorable-credential' }),
    );
  });
});
