import { isRecord } from './is-record.js';

/**
 * The proofs a chained proof signed over (VC Data Integrity 1.0, "Verify Proof Sets and Chains"):
 * each id its `previousProof` names must be the `id` of another proof in the same set, and the
 * proof is then checked over the document with those proofs as its `proof`. A string is the reason
 * the chain is broken.
 */
export function previousProofsOf(
  proof: Record<string, unknown>,
  allProofs: readonly Record<string, unknown>[],
): Record<string, unknown>[] | string {
  const named = proof.previousProof;
  if (named === undefined) return [];
  const ids: unknown[] = Array.isArray(named) ? named : [named];
  const found: Record<string, unknown>[] = [];
  for (const id of ids) {
    if (typeof id !== 'string') return 'a previousProof is not a proof id';
    const previous = allProofs.find((candidate) => candidate !== proof && candidate.id === id);
    if (previous === undefined) return `the previous proof ${id.slice(0, 200)} is not in the proof set`;
    found.push(previous);
  }
  return found;
}

/** Does any proof of the set chain to another? The stock library ignores previousProof, so only our path judges those. */
export function hasProofChain(proofs: readonly unknown[]): boolean {
  return proofs.some((proof) => isRecord(proof) && proof.previousProof !== undefined);
}
