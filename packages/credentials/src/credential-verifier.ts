import type { DocumentLoader } from './document-loader.js';
import { checkIssuer, issuerIdOf } from './issuer.check.js';
import { checkSignature } from './signature.check.js';
import { checkStatus, type StatusListLoader } from './status.check.js';
import { checkStructure } from './structure.check.js';
import { checkValidity } from './validity.check.js';
import type { VerificationCheck, VerificationReport } from './verification-report.js';

/**
 * Verifies a credential and explains the result. Never throws for bad input: a document that is not
 * a credential gets a report with only the failed structure check; otherwise signature, issuer and
 * validity and status (revocation, suspension) are each reported.
 */
export async function verifyCredential(args: {
  credential: unknown;
  documentLoader: DocumentLoader;
  now: Date;
  /** When given, the issuer check also requires the issuer to be one of these DIDs. */
  trustedIssuers?: readonly string[];
  /** Fetches status list credentials; without it a credential with a status entry fails closed. */
  loadStatusList?: StatusListLoader;
}): Promise<VerificationReport> {
  const { documentLoader, now } = args;
  const structure = checkStructure(args.credential);
  const credential = structure.credential;
  if (credential === undefined) return { verified: false, checks: [structure.check] };

  let verifiedMethodIds: string[] = [];
  const signature = await guarded('signature', async () => {
    const result = await checkSignature(credential, documentLoader, now);
    verifiedMethodIds = result.verifiedMethodIds;
    return result.check;
  });
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
  const issuer = issuerIdOf(credential);
  return {
    verified: checks.every((check) => check.ok),
    checks,
    ...(typeof credential.id === 'string' && { credentialId: credential.id }),
    ...(issuer !== undefined && { issuer }),
    status: status.status,
  };
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
