import * as vc from '@digitalbazaar/vc';
import { assertionOnlyPurpose } from './assertion-only.purpose.js';
import type { DocumentLoader } from './document-loader.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { verifyProofsFast } from './fast-proof-verifier.js';
import { isRecord } from './is-record.js';
import { hasProofChain } from './proof-chain.js';
import { verificationMethodIdOf } from './proofs.js';
import type { StockVerifier } from './stock-verifier.js';
import type { VerificationCheck } from './verification-report.js';

export interface SignatureResult {
  check: VerificationCheck;
  /** Keys of the proofs whose signature verified: the issuer check must judge these, not any proof. */
  verifiedMethodIds: string[];
}

const VALID = 'The digital signature is valid: the credential has not changed since it was signed.';

/**
 * Is every proof a valid eddsa-rdfc-2022 signature over this exact content? A credential whose proofs
 * all verify on the fast path (same checks and bytes, templated canonicalisation) is answered there;
 * any other goes through stock `vc.verifyCredential`, whose errors make the messages.
 */
export async function checkSignature(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader,
  now: Date,
  stockVerifier?: StockVerifier,
): Promise<SignatureResult> {
  const fast = await verifyProofsFast(credential, documentLoader, now);
  if (fast.verified)
    return { check: { check: 'signature', ok: true, message: VALID }, verifiedMethodIds: fast.verifiedMethodIds };
  // The stock library does not follow previousProof, so a chain is judged by the fast path alone.
  if (hasProofChain(proofValues(credential)))
    return failed(`The digital signature could not be verified: ${fast.reason}.`);
  if (stockVerifier !== undefined) return stockVerifier.credentialSignature({ credential, documentLoader, now });
  return checkSignatureStock(credential, documentLoader, now);
}

/** checkSignature through stock `vc.verifyCredential` and the stock suite only (no proof chains). */
export async function checkSignatureStock(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader,
  now: Date,
): Promise<SignatureResult> {
  const result = await vc.verifyCredential({
    credential,
    suite: eddsaRdfc2022Suite(),
    purpose: assertionOnlyPurpose,
    documentLoader,
    now,
    // Dates are judged by the validity check; an infinite skew turns off the library's own date comparison.
    maxClockSkew: Infinity,
    // Status is judged by the status check, which fails closed; here only the signature counts.
    checkStatus: () => Promise.resolve({ verified: true }),
  });
  const results = result.results ?? [];
  const verifiedMethodIds = results.flatMap((entry) => {
    const id = entry.verified && isRecord(entry.proof) ? verificationMethodIdOf(entry.proof) : undefined;
    return id === undefined ? [] : [id];
  });
  // The library's ProofSet reports verified when SOME proof verifies, and skips proofs of another
  // purpose or suite: here every proof of the set must have been checked and verified.
  const proofCount = proofValues(credential).length;
  if (result.verified && results.length === proofCount && verifiedMethodIds.length === proofCount) {
    return { check: { check: 'signature', ok: true, message: VALID }, verifiedMethodIds };
  }
  if (result.verified && results.length < proofCount) {
    return failed(
      'The digital signature could not be verified: every proof must be an eddsa-rdfc-2022 assertionMethod proof.',
    );
  }
  const details = result.verified
    ? results.flatMap((entry) => (entry.verified ? [] : errorMessages(entry.error)))
    : errorMessages(result.error);
  const message = details.some((detail) => /invalid signature/i.test(detail))
    ? 'The credential was changed after it was signed: its digital signature no longer matches its content.'
    : `The digital signature could not be verified: ${details.join('; ') || 'unknown error'}.`;
  return failed(message);
}

function failed(message: string): SignatureResult {
  return { check: { check: 'signature', ok: false, message }, verifiedMethodIds: [] };
}

/** The proof values as jsonld.getValues(credential, 'proof') gives them (objects or not). */
function proofValues(credential: Record<string, unknown>): unknown[] {
  const proof = credential.proof;
  return Array.isArray(proof) ? proof : proof === undefined || proof === null ? [] : [proof];
}

// vc.verifyCredential reports a VerificationError with errors[], or a single Error from its own checks.
function errorMessages(error: unknown): string[] {
  if (error === undefined || error === null) return [];
  const errors: unknown[] =
    isRecord(error) && Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : [error];
  return errors.map((item) =>
    item instanceof Error || (isRecord(item) && 'message' in item) ? String(item.message) : String(item),
  );
}
