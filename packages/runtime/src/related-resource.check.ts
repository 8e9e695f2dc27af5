import type { CredentialProblem } from '@attain/credentials';

// An absolute URI, as the other credential checks read VC 2.0 §4.4 (urn:uuid:…, https://…, did:…).
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const MEDIA_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(\s*;.*)?$/;
// SRI §3.5 hash-expression: an algorithm, "-", a base64 value (CSP's base64-value also admits - and _), options.
const SRI = /^(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+)(={0,2})(\?[\x21-\x7e]*)?$/;
const SRI_BYTES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };
// Multihash codes of the SHA-2 and SHA-3 digests, with their lengths in bytes.
const MULTIHASH = new Map([
  [0x12, 32],
  [0x20, 48],
  [0x13, 64],
  [0x16, 32],
  [0x15, 48],
  [0x14, 64],
]);
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isSriDigest(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2000) return false;
  const expressions = value.trim().split(/\s+/);
  return (
    expressions[0] !== '' &&
    expressions.every((expression) => {
      const match = SRI.exec(expression);
      if (match === null) return false;
      const [, algorithm = '', digits = '', padding = ''] = match;
      const bytes = SRI_BYTES[algorithm] ?? 0;
      // Exactly the digits (and padding) that base64 gives for a digest of this algorithm.
      return (
        digits.length === Math.ceil((bytes * 4) / 3) && (padding === '' || (digits.length + padding.length) % 4 === 0)
      );
    })
  );
}

function base58btc(text: string): Buffer | undefined {
  let n = 0n;
  for (const c of text) {
    const digit = BASE58.indexOf(c);
    if (digit < 0) return undefined;
    n = n * 58n + BigInt(digit);
  }
  const hex = n === 0n ? '' : n.toString(16);
  const zeros = /^1*/.exec(text)?.[0].length ?? 0;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex')]);
}

/**
 * Multibase (u: base64url without padding, z: base58btc) over a multihash, as Data Integrity §2.6
 * says, or over the bare digest, as the W3C VC 2.0 test suite's own fixtures encode SHA-256.
 */
function isMultibaseDigest(value: unknown): boolean {
  if (typeof value !== 'string' || value.length < 2 || value.length > 200) return false;
  const rest = value.slice(1);
  let bytes: Buffer | undefined;
  if (value.startsWith('u') && /^[A-Za-z0-9_-]+$/.test(rest)) {
    bytes = Buffer.from(rest, 'base64url');
    if (bytes.toString('base64url') !== rest) return false;
  } else if (value.startsWith('z')) bytes = base58btc(rest);
  if (bytes === undefined) return false;
  const [code = -1, length = -1] = bytes;
  if (MULTIHASH.get(code) === length && bytes.length === length + 2) return true;
  return bytes.length === 32 || bytes.length === 48 || bytes.length === 64;
}

/**
 * VC 2.0 §5.3 Integrity of Related Resources: `relatedResource` is one or more objects, each with
 * a URL `id` unique among them and a well-formed `digestSRI` and/or `digestMultibase`.
 *
 * The digests are not compared with the JSON-LD contexts this service bundles, even when an `id` is
 * one of them: the spec's digest is over the exact bytes the URL serves, and ours are not those
 * bytes. @digitalbazaar/credentials-context says its files are "semantically equivalent … but the
 * formatting may differ such that strict file digests are not equivalent" (its v2 file's SHA-256 is
 * 8a9f49…, the W3C suite's fixture for the URL 24a18c90…, the W3C repository's current file
 * 59955c…): refusing on a mismatch would refuse honest credentials.
 */
export function checkRelatedResource(credential: Record<string, unknown>): CredentialProblem[] {
  if (!('relatedResource' in credential)) return [];
  const value = credential.relatedResource;
  if (Array.isArray(value) && value.length === 0)
    return [{ pointer: '/relatedResource', detail: 'must be one or more objects' }];
  const problems: CredentialProblem[] = [];
  const problem = (pointer: string, detail: string) => problems.push({ pointer, detail });
  const seen = new Set<string>();
  const items: unknown[] = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    const pointer = Array.isArray(value) ? `/relatedResource/${i}` : '/relatedResource';
    if (!isObject(item)) return problem(pointer, 'must be an object with an id and digestSRI or digestMultibase');
    if (typeof item.id !== 'string' || !URI.test(item.id)) problem(`${pointer}/id`, 'is required and must be a URL');
    else if (seen.has(item.id)) problem(`${pointer}/id`, 'must be unique among the related resources');
    else seen.add(item.id);
    if (!('digestSRI' in item) && !('digestMultibase' in item))
      problem(pointer, 'must have a digestSRI or a digestMultibase');
    if ('digestSRI' in item && !isSriDigest(item.digestSRI))
      problem(`${pointer}/digestSRI`, 'must be an SRI hash expression, e.g. sha384-<base64 of the digest>');
    if ('digestMultibase' in item) {
      const digests: unknown[] = Array.isArray(item.digestMultibase) ? item.digestMultibase : [item.digestMultibase];
      if (digests.length === 0 || !digests.every(isMultibaseDigest))
        problem(`${pointer}/digestMultibase`, 'must be a multibase (u or z) digest, or a list of them');
    }
    if ('mediaType' in item && (typeof item.mediaType !== 'string' || !MEDIA_TYPE.test(item.mediaType)))
      problem(`${pointer}/mediaType`, 'must be a media type, e.g. application/ld+json');
  });
  return problems;
}
