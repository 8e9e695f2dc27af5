import { relationshipIds } from './did-document.js';
import type { DocumentLoader } from './document-loader.js';
import { isRecord } from './is-record.js';
import { proofsOf, verificationMethodIdOf } from './proofs.js';
import type { VerificationCheck } from './verification-report.js';

/** The issuer's id, whether `issuer` is a URL or a Profile object. */
export function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  return isRecord(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/**
 * Was the credential signed with a key that its named issuer controls and has authorised for issuing?
 * `verifiedMethodIds` are the keys whose signatures verified; only they count, so an extra proof that
 * merely names the issuer's key cannot vouch for content signed by someone else.
 */
export async function checkIssuer(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader,
  verifiedMethodIds: string[],
): Promise<VerificationCheck> {
  const issuerId = issuerIdOf(credential);
  if (issuerId === undefined) return fail('The credential does not name its issuer.');
  // With no verified signature the outcome is already a failure; still explain the named keys.
  const candidates = verifiedMethodIds.length > 0 ? verifiedMethodIds : assertionMethodIds(credential);
  if (candidates.length === 0) return fail('The signature does not say which key made it.');
  const outcomes: VerificationCheck[] = [];
  for (const methodId of candidates) {
    const outcome = await checkKey(issuerId, methodId, documentLoader);
    if (outcome.ok) return outcome;
    outcomes.push(outcome);
  }
  return outcomes[0] ?? fail('No signing key could be checked.');
}

async function checkKey(
  issuerId: string,
  methodId: string,
  documentLoader: DocumentLoader,
): Promise<VerificationCheck> {
  let method: unknown;
  let issuerDocument: unknown;
  try {
    method = (await documentLoader(methodId)).document;
    issuerDocument = (await documentLoader(issuerId)).document;
  } catch (error) {
    return fail(`The issuer's keys could not be looked up: ${(error as Error).message}`);
  }
  const controller = isRecord(method)
    ? isRecord(method.controller)
      ? method.controller.id
      : method.controller
    : undefined;
  if (controller !== issuerId) {
    return fail(
      `The credential names ${issuerId} as its issuer, but it was signed with a key that belongs to ${typeof controller === 'string' ? controller : 'someone else'}.`,
    );
  }
  if (!isRecord(issuerDocument) || !relationshipIds(issuerDocument, 'assertionMethod').includes(methodId)) {
    return fail(`The issuer ${issuerId} has not authorised the signing key ${methodId} to issue credentials.`);
  }
  return {
    check: 'issuer',
    ok: true,
    message: `Signed by the issuer ${issuerId} with a key it has authorised to issue credentials.`,
  };
}

function assertionMethodIds(credential: Record<string, unknown>): string[] {
  return proofsOf(credential).flatMap((proof) => {
    const id = proof.proofPurpose === 'assertionMethod' ? verificationMethodIdOf(proof) : undefined;
    return id === undefined ? [] : [id];
  });
}

function fail(message: string): VerificationCheck {
  return { check: 'issuer', ok: false, message };
}
