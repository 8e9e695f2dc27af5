import { describe, expect, it } from 'vitest';
import { BakedImageError } from './baked-image.error.js';
import { bakePng } from './bake-png.js';
import { bakeSvg } from './bake-svg.js';
import { extractBakedCredential } from './extract-baked-credential.js';
import { MAX_BAKED_TEXT_BYTES } from './itxt-chunk.js';
import { readPngChunks, writePngChunks } from './png-chunks.js';
import { deflateSync } from 'node:zlib';
import { sampleCredential, sampleCredentialJson } from './sample-credential.fixture.js';
import { samplePng } from './sample-png.fixture.js';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

function problemOf(bytes: Buffer): { problem: string; message: string } {
  try {
    extractBakedCredential(bytes);
  } catch (error) {
    if (error instanceof BakedImageError) return { problem: error.problem, message: error.message };
    throw error;
  }
  throw new Error('expected a BakedImageError');
}

describe('extractBakedCredential', () => {
  it('reads a baked PNG', () => {
    expect(extractBakedCredential(bakePng(samplePng(), sampleCredentialJson))).toEqual({
      format: 'png',
      credential: sampleCredential,
    });
  });

  it('reads a baked SVG, with or without a byte order mark', () => {
    const baked = bakeSvg(svg, sampleCredentialJson);
    expect(extractBakedCredential(Buffer.from(baked))).toEqual({ format: 'svg', credential: sampleCredential });
    expect(extractBakedCredential(Buffer.from(`\uFEFF${baked}`)).credential).toEqual(sampleCredential);
  });

  it('returns a VC-JWT credential as its compact JWS', () => {
    const jws = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViOmEifQ.c2ln';
    expect(extractBakedCredential(bakePng(samplePng(), jws))).toEqual({ format: 'png', credential: jws });
  });

  it('says in plain words when the file is neither a PNG nor an SVG', () => {
    const neither = { problem: 'not-an-image', message: 'This file is neither a PNG nor an SVG image.' };
    expect(problemOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]))).toEqual(neither); // JPEG
    expect(problemOf(Buffer.from('{"not":"an image"}'))).toEqual(neither);
    expect(problemOf(Buffer.from('<!DOCTYPE html><html><body>svg</body></html>'))).toEqual(neither);
    expect(problemOf(Buffer.from('<html><svg></svg></html>'))).toEqual(neither);
    expect(problemOf(Buffer.alloc(0))).toEqual(neither);
  });

  it('says in plain words when nothing is baked in', () => {
    expect(problemOf(samplePng())).toEqual({
      problem: 'no-credential',
      message: 'This PNG has no credential baked into it.',
    });
    expect(problemOf(Buffer.from(svg))).toEqual({
      problem: 'no-credential',
      message: 'This SVG has no credential baked into it.',
    });
  });

  it('reports a damaged image and a credential that is not JSON', () => {
    expect(problemOf(samplePng().subarray(0, 60)).problem).toBe('damaged-image');
    expect(problemOf(bakePng(samplePng(), '{"cut off":')).problem).toBe('unreadable-credential');
  });

  it('inflates a compressed credential no further than 256 KiB, and refuses a larger text as too large', () => {
    const chunks = readPngChunks(samplePng());
    const withText = (text: Buffer, compressed: boolean): Buffer => {
      const data = Buffer.concat([
        Buffer.from('openbadgecredential\0', 'latin1'),
        Buffer.from([compressed ? 1 : 0, 0, 0, 0]),
        compressed ? deflateSync(text) : text,
      ]);
      return writePngChunks([...chunks.slice(0, -1), { name: 'iTXt', data }, ...chunks.slice(-1)]);
    };
    const bomb = withText(Buffer.alloc(6 * 1024 * 1024, '['), true);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(problemOf(bomb).problem).toBe('too-large');
    expect(problemOf(withText(Buffer.alloc(MAX_BAKED_TEXT_BYTES + 1, ' '), false)).problem).toBe('too-large');
    expect(problemOf(Buffer.from(bakeSvg(svg, ' '.repeat(MAX_BAKED_TEXT_BYTES + 1)))).problem).toBe('too-large');
    // Just under the limit is read (and then judged as JSON).
    const padded = `${sampleCredentialJson}${' '.repeat(MAX_BAKED_TEXT_BYTES - Buffer.byteLength(sampleCredentialJson) - 10)}`;
    expect(extractBakedCredential(withText(Buffer.from(padded), true)).credential).toEqual(sampleCredential);
  });
});
