import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { InvalidKeyError } from './credential-errors.js';
import type { Ed25519KeyMaterial } from './ed25519-key.js';
import { decodeEd25519PublicKey, decodeEd25519Seed } from './ed25519-multikey.js';

/** The signer shape @digitalbazaar/data-integrity expects. */
export interface CredentialSigner {
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * A drop-in for `Ed25519Multikey.signer()` that imports the secret key once: the stock signer
 * re-imports it on every signature, which costs about ten times the signature itself.
 */
export function createEd25519Signer(key: Ed25519KeyMaterial, verificationMethodId: string): CredentialSigner {
  const privateKey = importPrivateKey(key);
  return {
    id: verificationMethodId,
    algorithm: 'Ed25519',
    sign: ({ data }) => Promise.resolve(sign(null, data, privateKey)),
  };
}

// PKCS#8 DER wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function importPrivateKey(key: Ed25519KeyMaterial): KeyObject {
  const seed = decodeEd25519Seed(key.secretKeyMultibase);
  const publicKey = decodeEd25519PublicKey(key.publicKeyMultibase);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  // A mismatched pair would sign happily and then fail every verification; catch it here.
  const derived = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  if (derived !== Buffer.from(publicKey).toString('base64url')) {
    throw new InvalidKeyError('The secret key does not belong to the public key.');
  }
  return privateKey;
}
