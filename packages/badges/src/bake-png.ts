import { BakedImageError } from './baked-image.error.js';
import { PNG_CREDENTIAL_KEYWORD } from './baking-format.js';
import { decodeItxtText, encodeItxtChunk } from './itxt-chunk.js';
import { readPngChunks, textChunkKeyword, writePngChunks, type PngChunk } from './png-chunks.js';

/**
 * Bakes the credential (JSON or compact JWS, stored exactly as given) into one uncompressed
 * `openbadgecredential` iTXt chunk right after IHDR, where a streaming reader meets it first.
 * Any earlier `openbadgecredential` text chunk is removed, so re-baking replaces the credential.
 */
export function bakePng(png: Buffer, credentialJson: string): Buffer {
  // A lone surrogate has no UTF-8 form: it would come back as U+FFFD and break signatures.
  if (/\p{Cs}/u.test(credentialJson)) {
    throw new BakedImageError(
      'unstorable-credential',
      'This credential contains text that cannot be stored in an image.',
    );
  }
  const [header, ...rest] = readPngChunks(png);
  if (header === undefined) throw new BakedImageError('damaged-image', 'This PNG image has no content.');
  const kept = rest.filter((chunk) => textChunkKeyword(chunk) !== PNG_CREDENTIAL_KEYWORD);
  return writePngChunks([header, encodeItxtChunk(PNG_CREDENTIAL_KEYWORD, credentialJson), ...kept]);
}

/** The text of the single `openbadgecredential` iTXt chunk, or undefined when there is none. */
export function extractFromPng(png: Buffer): string | undefined {
  const found = readPngChunks(png).filter(isCredentialChunk);
  if (found.length > 1) {
    throw new BakedImageError(
      'multiple-credentials',
      'This image holds more than one credential, so it is not clear which one to trust.',
    );
  }
  const [chunk] = found;
  return chunk === undefined ? undefined : decodeItxtText(chunk);
}

function isCredentialChunk(chunk: PngChunk): boolean {
  return chunk.name === 'iTXt' && textChunkKeyword(chunk) === PNG_CREDENTIAL_KEYWORD;
}
