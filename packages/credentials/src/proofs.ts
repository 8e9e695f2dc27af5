import { isRecord } from './is-record.js';

/** The proofs of a credential, whether `proof` holds one object or an array (VC 2.0 allows both). */
export function proofsOf(credential: Record<string, unknown>): Record<string, unknown>[] {
  const proof = credential.proof;
  const list: unknown[] = Array.isArray(proof) ? proof : proof === undefined ? [] : [proof];
  return list.filter(isRecord);
}

/** The id of a proof's verification method, which may be given as a string or an object. */
export function verificationMethodIdOf(proof: Record<string, unknown>): string | undefined {
  const method = proof.verificationMethod;
  if (typeof method === 'string') return method;
  return isRecord(method) && typeof method.id === 'string' ? method.id : undefined;
}
