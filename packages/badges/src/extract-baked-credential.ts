import { BakedImageError } from './baked-image.error.js';
import { extractFromPng } from './bake-png.js';
import { extractFromSvg } from './bake-svg.js';
import { MAX_BAKED_TEXT_BYTES, tooLarge } from './itxt-chunk.js';
import { hasPngSignature } from './png-chunks.js';

export interface BakedCredential {
  readonly format: 'png' | 'svg';
  /** The parsed credential JSON; for a VC-JWT credential, its compact JWS string. */
  readonly credential: unknown;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Tells a PNG from an SVG by its bytes, then reads and parses the credential baked into it. */
export function extractBakedCredential(bytes: Buffer): BakedCredential {
  const format = hasPngSignature(bytes) ? 'png' : 'svg';
  const text = format === 'png' ? extractFromPng(bytes) : extractFromSvgBytes(bytes);
  if (text === undefined) {
    throw new BakedImageError('no-credential', `This ${format.toUpperCase()} has no credential baked into it.`);
  }
  // An SVG's text (or an uncompressed chunk) is bounded by the request, but no further than a compressed one.
  if (Buffer.byteLength(text, 'utf8') > MAX_BAKED_TEXT_BYTES) throw tooLarge();
  return { format, credential: parseCredential(text.trim()) };
}

function extractFromSvgBytes(bytes: Buffer): string | undefined {
  const text = utf8Text(bytes);
  if (text === undefined || !/<svg[\s/>]/.test(text)) throw neither();
  try {
    return extractFromSvg(text);
  } catch (error) {
    if (error instanceof BakedImageError && error.problem === 'not-an-image') throw neither(error);
    throw error;
  }
}

function utf8Text(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function parseCredential(text: string): unknown {
  if (COMPACT_JWS.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new BakedImageError(
      'unreadable-credential',
      'The credential baked into this image is damaged or incomplete, so it cannot be read.',
      { cause },
    );
  }
}

function neither(cause?: unknown): BakedImageError {
  return new BakedImageError(
    'not-an-image',
    'This file is neither a PNG nor an SVG image.',
    cause === undefined ? undefined : { cause },
  );
}
