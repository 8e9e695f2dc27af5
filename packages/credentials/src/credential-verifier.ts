import type { DocumentLoader } from './document-loader.js';
import { checkIssuer, issuerIdOf } from './issuer.check.js';
import { checkSignature } from './signature.check.js';
import { checkStatus, type StatusListLoader } from './status.check.js';
import type { StockVerifier } from './stock-verifier.js';
import { checkStructure } from './structure.check.js';
import { checkValidity } from './validity.check.js';
import { assertWithinVerificationLimits } from './verification-limits.js';
import type { VerificationCheck, VerificationReport } from './verification-report.js';

/** Attain's own credentials hold 100 to 300 JSON values; measured, 400 cost at most ~20 ms on the fast path. */
const MAX_VALUES_ON_EVENT_LOOP = 400;

/**
 * Verifies a credential and explains the result. A document beyond the verification limits (or
 * naming a context that is not bundled) is refused with a VerificationLimitError before any JSON-LD
 * work; any other bad input gets a report: one that is not a credential has only the failed
 * structure check; otherwise signature, issuer, validity and status (revocation, suspension) are
 * each reported, the last three `not-checked` when the signature does not verify (a forged
 * credential's dates and status say nothing).
 */
export async function verifyCredential(args: {
  credential: unknown;
  documentLoader: DocumentLoader;
  now: Date;
  /** When given, the issuer check also requires the issuer to be one of these DIDs. */
  trustedIssuers?: readonly string[];
  /** Fetches status list credentials; without it a credential with a status entry fails closed. */
  loadStatusList?: StatusListLoader;
  /** Runs the stock JSON-LD path off the event loop, under a deadline (see stock-verifier.ts). */
  stockVerifier?: StockVerifier;
}): Promise<VerificationReport> {
  const { documentLoader, now } = args;
  const size = assertWithinVerificationLimits(args.credential, 'credential');
  const structure = checkStructure(args.credential);
  const credential = structure.credential;
  if (credential === undefined) {
    const skipped = (['signature', 'issuer', 'validity', 'status'] as const).map((check) =>
      notChecked(check, 'the document is not a well-formed credential'),
    );
    return { verified: false, checks: [judged(structure.check), ...skipped] };
  }

  let verifiedMethodIds: string[] = [];
  const signature = await guarded('signature', async () => {
    // A document much larger than a badge may miss the templates and cost the event loop tens of
    // milliseconds of JSON-LD work: with a stock verifier, its whole signature check runs off the loop.
    const { stockVerifier } = args;
    const result =
      stockVerifier !== undefined && size.values > MAX_VALUES_ON_EVENT_LOOP
        ? await stockVerifier.credentialSignature({ credential, documentLoader, now })
        : await checkSignature(credential, documentLoader, now, stockVerifier);
    verifiedMethodIds = result.verifiedMethodIds;
    return result.check;
  });
  const issuer = issuerIdOf(credential);
  const stated = {
    ...(typeof credential.id === 'string' && { credentialId: credential.id }),
    ...(issuer !== undefined && { issuer }),
  };
  if (!signature.ok) {
    const skipped = (['issuer', 'validity', 'status'] as const).map((check) =>
      notChecked(check, 'the digital signature did not verify'),
    );
    return { verified: false, checks: [judged(structure.check), judged(signature), ...skipped], ...stated };
  }
  const checks: VerificationCheck[] = [
    structure.check,
    signature,
    trusted(
      await guarded('issuer', () => checkIssuer(credential, documentLoader, verifiedMethodIds)),
      credential,
      args.trustedIssuers,
    ),
    await guarded('validity', () => Promise.resolve(checkValidity(credential, now))),
  ];
  const status = await checkStatus(credential, args.loadStatusList, documentLoader, now);
  checks.push(status.check);
  return {
    verified: checks.every((check) => check.ok),
    checks: checks.map(judged),
    ...stated,
    status: status.status,
  };
}

function judged(check: VerificationCheck): VerificationCheck {
  return { ...check, outcome: check.ok ? 'passed' : 'failed' };
}

/** A forged or unreadable credential's issuer, dates and status say nothing, so they are not judged. */
function notChecked(check: VerificationCheck['check'], because: string): VerificationCheck {
  return { check, ok: false, outcome: 'not-checked', message: `Not checked because ${because}.` };
}

// A check that throws on some malformed field fails that check instead of the whole verification.
async function guarded(
  check: VerificationCheck['check'],
  run: () => Promise<VerificationCheck>,
): Promise<VerificationCheck> {
  try {
    return await run();
  } catch (error) {
    return { check, ok: false, message: `This check could not be completed: ${(error as Error).message}` };
  }
}

/** A valid signature by someone's key says nothing to a verifier that expects a known issuer. */
function trusted(
  check: VerificationCheck,
  credential: Record<string, unknown>,
  trustedIssuers: readonly string[] | undefined,
): VerificationCheck {
  const issuer = issuerIdOf(credential);
  if (!check.ok || trustedIssuers === undefined || (issuer !== undefined && trustedIssuers.includes(issuer)))
    return check;
  return {
    check: 'issuer',
    ok: false,
    message: `The credential is validly signed by ${issuer ?? 'an unnamed issuer'}, which is not an issuer this service recognises.`,
  };
}
