import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { decodeBase58btc, encodeBase58btc } from './base58btc.js';
import { MULTIKEY_V1_CONTEXT } from './bundled-contexts.js';
import { createVerifyData, CRYPTOSUITE, PROOF_TYPE } from './data-integrity-proof.js';
import type { DocumentLoader } from './document-loader.js';
import { decodeEd25519PublicKey } from './ed25519-multikey.js';
import { isRecord } from './is-record.js';
import { LruCache } from './lru-cache.js';
import { previousProofsOf } from './proof-chain.js';

/**
 * `verified: true` only when every proof of the set is an eddsa-rdfc-2022 assertionMethod proof that
 * stock `vc.verifyCredential` with the eddsa-rdfc-2022 suite and the assertionOnly purpose would also
 * verify (a proof naming a `previousProof` is checked over the document holding that proof). Anything else (a bad
 * signature, a key type or encoding this path does not handle) is `verified: false` with a reason,
 * and callers that need the library's own error ask the stock path.
 */
export type FastProofVerification =
  { verified: true; verifiedMethodIds: string[] } | { verified: false; reason: string };

// jsonld-signatures gives a proof without @context the document's context, or this one.
const SECURITY_CONTEXT_URL = 'https://w3id.org/security/v2';
// @digitalbazaar/data-integrity's check on proof.created / proof.expires (unanchored, as there).
const XML_DATE_TIME =
  /-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](.[0-9]+)?|(24:00:00(.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?/;
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const publicKeys = new LruCache<string, KeyObject>(256);
// A did:key URL resolves the same way every time (the key is in the URL), so its answer is kept per loader.
const didKeyMethods = new WeakMap<DocumentLoader, LruCache<string, Promise<unknown>>>();

/**
 * Verifies the eddsa-rdfc-2022 DataIntegrityProofs of a credential the way
 * vc.verifyCredential → jsonld-signatures → DataIntegrityProof.verifyProof does (same credential
 * checks with an infinite clock skew, same proof selection, same signed bytes), with templated
 * canonicalisation, cached did:key resolution and cached public key import.
 */
export async function verifyProofsFast(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader,
  now: Date,
): Promise<FastProofVerification> {
  try {
    vc._checkCredential({ credential, now, maxClockSkew: Infinity });
    const { proof, ...document } = credential;
    const values: unknown[] = [].concat((proof || []) as never); // jsonld.getValues(credential, 'proof')
    const proofs = values.filter(isRecord);
    if (proofs.length !== values.length) return { verified: false, reason: 'a proof is not an object' };
    if (proofs.length === 0) return { verified: false, reason: 'no proof' };
    const context: unknown = credential['@context'] || SECURITY_CONTEXT_URL;
    const verifiedMethodIds: string[] = [];
    // Every proof of the set must verify (VC Data Integrity; the stock ProofSet settles for one).
    for (const [index, original] of proofs.entries()) {
      // Each proof canonicalises the whole document: let other requests in between them.
      if (index > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (
        original.proofPurpose !== 'assertionMethod' ||
        original.type !== PROOF_TYPE ||
        original.cryptosuite !== CRYPTOSUITE
      )
        return { verified: false, reason: 'a proof is not an eddsa-rdfc-2022 assertionMethod proof' };
      const previous = previousProofsOf(original, proofs);
      if (typeof previous === 'string') return { verified: false, reason: previous };
      const signed = previous.length === 0 ? document : { ...document, proof: previous };
      const outcome = await verifyProof(signed, { '@context': context, ...original }, documentLoader);
      if (typeof outcome !== 'string') return outcome;
      verifiedMethodIds.push(outcome);
    }
    return { verified: true, verifiedMethodIds };
  } catch (error) {
    return { verified: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The proof's verification method id when its signature holds, else the failure. */
async function verifyProof(
  document: Record<string, unknown>,
  proof: Record<string, unknown>,
  documentLoader: DocumentLoader,
): Promise<string | { verified: false; reason: string }> {
  const methodId = proof.verificationMethod;
  if (typeof methodId !== 'string' || methodId === '') {
    return { verified: false, reason: 'the verification method is not given as a URL' };
  }
  for (const field of ['created', 'expires'] as const) {
    const value = proof[field];
    if (value !== undefined && !(typeof value === 'string' && XML_DATE_TIME.test(value))) {
      return { verified: false, reason: `proof.${field} is not an XSD dateTime` };
    }
  }
  const signature = decodeProofValue(proof.proofValue);
  if (signature === undefined) return { verified: false, reason: 'the proofValue is not a base58btc signature' };
  const publicKey = publicKeyOf(await resolveMethod(methodId, documentLoader));
  if (publicKey === undefined) return { verified: false, reason: 'the verification method is not an Ed25519 Multikey' };
  const { data } = await createVerifyData(document, proof, documentLoader);
  return verify(null, data, publicKey, signature) ? methodId : { verified: false, reason: 'Invalid signature.' };
}

/** 64 bytes from a canonical 'z' (base58btc) proofValue; other encodings are left to the stock path. */
function decodeProofValue(proofValue: unknown): Uint8Array | undefined {
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z')) return undefined;
  try {
    const bytes = decodeBase58btc(proofValue.slice(1));
    // Re-encoding must give the same text: then every base58 decoder agrees on these bytes.
    return bytes.length === 64 && `z${encodeBase58btc(bytes)}` === proofValue ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function resolveMethod(methodId: string, documentLoader: DocumentLoader): Promise<unknown> {
  const load = async (): Promise<unknown> => {
    const loaded = (await documentLoader(methodId)).document;
    return typeof loaded === 'string' ? JSON.parse(loaded) : loaded;
  };
  if (!methodId.startsWith('did:key:')) return load();
  const cache = didKeyMethods.get(documentLoader) ?? new LruCache<string, Promise<unknown>>(256);
  didKeyMethods.set(documentLoader, cache);
  let method = cache.get(methodId);
  if (method === undefined) {
    method = load();
    cache.set(methodId, method);
    // An error is not an answer to keep.
    method.catch(() => {
      cache.delete(methodId);
    });
  }
  return method;
}

/**
 * The key Ed25519Multikey.from(method).verifier() would verify with, for a Multikey only (other key
 * types go to the stock path). Stricter than the library: the multicodec header and length are checked.
 */
function publicKeyOf(method: unknown): KeyObject | undefined {
  // The library would use a `publicKey` member as the key bytes as is, and decode a secret key too.
  if (!isRecord(method) || method.type !== 'Multikey') return undefined;
  if (method.publicKey !== undefined || method.secretKeyMultibase !== undefined) return undefined;
  const context = method['@context'];
  const hasContext =
    !context || context === MULTIKEY_V1_CONTEXT || (Array.isArray(context) && context.includes(MULTIKEY_V1_CONTEXT));
  const multibase = method.publicKeyMultibase;
  if (!hasContext || typeof multibase !== 'string') return undefined;
  let key = publicKeys.get(multibase);
  if (key === undefined) {
    try {
      const raw = decodeEd25519PublicKey(multibase);
      key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
    } catch {
      return undefined;
    }
    publicKeys.set(multibase, key);
  }
  return key;
}
