import { decodeBase58btc } from './base58btc.js';
import { InvalidKeyError } from './credential-errors.js';

// Multicodec varint headers: ed25519-pub (0xed) and ed25519-priv (0x1300).
const PUBLIC_HEADER = [0xed, 0x01];
const SECRET_HEADER = [0x80, 0x26];

function decodeMultikey(value: string, header: number[], what: string): Uint8Array {
  if (!value.startsWith('z'))
    throw new InvalidKeyError(`The ${what} must be a base58btc multibase string (starting with "z").`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase58btc(value.slice(1));
  } catch (error) {
    throw new InvalidKeyError(`The ${what} is not valid base58btc: ${(error as Error).message}`);
  }
  if (bytes[0] !== header[0] || bytes[1] !== header[1])
    throw new InvalidKeyError(`The ${what} is not an Ed25519 Multikey.`);
  return bytes.subarray(2);
}

/** The 32 raw bytes of an Ed25519 public key in Multikey form (z6Mk…). */
export function decodeEd25519PublicKey(publicKeyMultibase: string): Uint8Array {
  const key = decodeMultikey(publicKeyMultibase, PUBLIC_HEADER, 'public key');
  if (key.length !== 32) throw new InvalidKeyError(`The public key has ${key.length} bytes; Ed25519 needs 32.`);
  return key;
}

/** The 32-byte seed of an Ed25519 secret key in Multikey form; the library stores seed + public key (64 bytes). */
export function decodeEd25519Seed(secretKeyMultibase: string): Uint8Array {
  const key = decodeMultikey(secretKeyMultibase, SECRET_HEADER, 'secret key');
  if (key.length !== 32 && key.length !== 64)
    throw new InvalidKeyError(`The secret key has ${key.length} bytes; expected 32 or 64.`);
  return key.subarray(0, 32);
}
