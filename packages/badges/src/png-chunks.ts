import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import { BakedImageError } from './baked-image.error.js';

export interface PngChunk {
  readonly name: string;
  readonly data: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.equals(bytes.subarray(0, PNG_SIGNATURE.length));
}

/** The chunks of a PNG, every CRC checked (png-chunks-extract does that). */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  if (!hasPngSignature(png)) {
    throw new BakedImageError('not-an-image', 'This file is not a PNG image.');
  }
  try {
    return extractChunks(png);
  } catch (cause) {
    throw new BakedImageError('damaged-image', 'This PNG image is damaged or incomplete, so it cannot be read.', {
      cause,
    });
  }
}

export function writePngChunks(chunks: readonly PngChunk[]): Buffer {
  const bytes = encodeChunks(chunks);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The keyword of a tEXt, zTXt or iTXt chunk: Latin-1 bytes up to the first NUL. */
export function textChunkKeyword(chunk: PngChunk): string | undefined {
  if (chunk.name !== 'tEXt' && chunk.name !== 'zTXt' && chunk.name !== 'iTXt') return undefined;
  const end = chunk.data.indexOf(0);
  return end < 0 ? undefined : Buffer.from(chunk.data.subarray(0, end)).toString('latin1');
}
