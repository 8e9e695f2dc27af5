import * as vc from '@digitalbazaar/vc';
import { assertionOnlyPurpose } from './assertion-only.purpose.js';
import type { DocumentLoader } from './document-loader.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { verifyProofsFast } from './fast-proof-verifier.js';
import { isRecord } from './is-record.js';
import { verificationMethodIdOf } from './proofs.js';
import type { VerificationCheck } from './verification-report.js';

export interface SignatureResult {
  check: VerificationCheck;
  /** Keys of the proofs whose signature verified: the issuer check must judge these, not any proof. */
  verifiedMethodIds: string[];
}

const VALID = 'The digital signature is valid: the credential has not changed since it was signed.';

/**
 * Is a proof a valid eddsa-rdfc-2022 signature over this exact content? A credential whose proofs
 * all verify on the fast path (same checks and bytes, templated canonicalisation) is answered there;
 * any other goes through stock `vc.verifyCredential`, whose errors make the messages.
 */
export async function checkSignature(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader,
  now: Date,
): Promise<SignatureResult> {
  const fast = await verifyProofsFast(credential, documentLoader, now);
  if (fast.verified)
    return { check: { check: 'signature', ok: true, message: VALID }, verifiedMethodIds: fast.verifiedMethodIds };
  return checkSignatureStock(credential, documentLoader, now);
}

/** checkSignature through stock `vc.verifyCredential` and the stock suite only. */
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
  const verifiedMethodIds = (result.results ?? []).flatMap((entry) => {
    const id = entry.verified && isRecord(entry.proof) ? verificationMethodIdOf(entry.proof) : undefined;
    return id === undefined ? [] : [id];
  });
  if (result.verified && verifiedMethodIds.length > 0) {
    return { check: { check: 'signature', ok: true, message: VALID }, verifiedMethodIds };
  }
  const details = errorMessages(result.error);
  const message = details.some((detail) => /invalid signature/i.test(detail))
    ? 'The credential was changed after it was signed: its digital signature no longer matches its content.'
    : `The digital signature could not be verified: ${details.join('; ') || 'unknown error'}.`;
  return { check: { check: 'signature', ok: false, message }, verifiedMethodIds: [] };
}

// vc.verifyCredential reports a VerificationError with errors[], or a single Error from its own checks.
function errorMessages(error: vc.VcVerifyResult['error']): string[] {
  if (error === undefined) return [];
  const errors = Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : [error];
  return errors.map((item) =>
    item instanceof Error || (typeof item === 'object' && item !== null && 'message' in item)
      ? String(item.message)
      : String(item),
  );
}
