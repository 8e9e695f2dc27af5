/**
 * A jsonld-signatures proof purpose that accepts any assertionMethod proof whose signature verifies.
 * Whether the signing key may speak for the issuer is judged by the issuer check, so that a valid
 * signature by the wrong key reports "wrong issuer", not "bad signature".
 */
export const assertionOnlyPurpose = {
  term: 'assertionMethod',
  match(proof: { proofPurpose?: unknown }): Promise<boolean> {
    return Promise.resolve(proof.proofPurpose === 'assertionMethod');
  },
  validate(): Promise<{ valid: boolean }> {
    return Promise.resolve({ valid: true });
  },
  update<T extends { proofPurpose?: unknown }>(proof: T): Promise<T> {
    proof.proofPurpose = 'assertionMethod';
    return Promise.resolve(proof);
  },
};
