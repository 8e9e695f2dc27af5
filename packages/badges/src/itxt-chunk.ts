import { inflateSync } from 'node:zlib';
import { BakedImageError } from './baked-image.error.js';
import type { PngChunk } from './png-chunks.js';

// iTXt layout (PNG spec 11.3.4.5): keyword NUL, compression flag, compression method,
// language tag NUL, translated keyword NUL, then the UTF-8 text up to the end of the chunk.

/**
 * The most text a baked credential may take: Attain's are about 12 KB, and a verifier refuses
 * a credential over 64 KiB anyway. A compressed chunk inflates no further than this (a few KB of
 * zlib can otherwise expand to megabytes of `[[[...]]]`).
 */
export const MAX_BAKED_TEXT_BYTES = 256 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An uncompressed iTXt chunk with no language tag and no translated keyword, as OB 3.0 asks. */
export function encodeItxtChunk(keyword: string, text: string): PngChunk {
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0, 0, 0, 0, 0]), // keyword NUL, flag 0, method 0, empty language tag NUL, empty translated keyword NUL
    Buffer.from(text, 'utf8'),
  ]);
  return { name: 'iTXt', data };
}

/** The text of an iTXt chunk, inflated when the chunk says it is zlib-compressed. */
export function decodeItxtText(chunk: PngChunk): string {
  const { data } = chunk;
  const keywordEnd = data.indexOf(0);
  const compressed = data[keywordEnd + 1];
  const method = data[keywordEnd + 2];
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (keywordEnd < 0 || translatedEnd < 0 || (compressed !== 0 && compressed !== 1)) {
    throw unreadable();
  }
  if (compressed === 1 && method !== 0) throw unsupported();
  const body = data.subarray(translatedEnd + 1);
  if (compressed === 0 && body.length > MAX_BAKED_TEXT_BYTES) throw tooLarge();
  let text: Uint8Array = body;
  if (compressed === 1) {
    try {
      text = inflateSync(body, { maxOutputLength: MAX_BAKED_TEXT_BYTES });
    } catch (cause) {
      if (cause instanceof RangeError) throw tooLarge();
      throw unreadable(cause);
    }
  }
  try {
    return utf8.decode(text);
  } catch (cause) {
    throw unreadable(cause);
  }
}

/** More text than any credential needs (inflating stops at the limit, so how much more is unknown). */
export function tooLarge(): BakedImageError {
  return new BakedImageError(
    'too-large',
    `The credential baked into this image is larger than ${String(MAX_BAKED_TEXT_BYTES)} bytes, more than any credential needs.`,
  );
}

function unreadable(cause?: unknown): BakedImageError {
  return new BakedImageError(
    'unreadable-credential',
    'The credential baked into this image is damaged, so it cannot be read.',
    cause === undefined ? undefined : { cause },
  );
}

function unsupported(): BakedImageError {
  return new BakedImageError(
    'unsupported-encoding',
    'The credential in this image is compressed in a way this software does not support.',
  );
}
