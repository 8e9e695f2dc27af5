import { VC_V1_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import { verifyCredential } from './credential-verifier.js';
import type { DocumentLoader } from './document-loader.js';
import { verifyPresentationProofs } from './presentation-proofs.js';
import { isRecord } from './is-record.js';
import { proofsOf } from './proofs.js';
import type { StatusListLoader } from './status.check.js';
import type { StockVerifier } from './stock-verifier.js';
import type { VerificationReport } from './verification-report.js';
import { assertWithinVerificationLimits } from './verification-limits.js';

export interface PresentationCheck {
  check: 'structure' | 'proof' | 'challenge' | 'domain' | 'holder';
  ok: boolean;
  message: string;
}

export interface PresentationReport {
  verified: boolean;
  /** Checks of the presentation itself: its proof, challenge, domain and holder. */
  checks: PresentationCheck[];
  holder?: string;
  /** One full report per credential inside, in order. */
  credentials: VerificationReport[];
}

/**
 * Verifies a Verifiable Presentation: the holder's authentication proof (with the verifier's
 * challenge and, when given, domain, against replay), then every credential in it as
 * `verifyCredential` does. The presentation verifies only if all of that holds.
 */
export async function verifyPresentation(args: {
  presentation: unknown;
  challenge: string;
  domain?: string;
  documentLoader: DocumentLoader;
  now: Date;
  trustedIssuers?: readonly string[];
  loadStatusList?: StatusListLoader;
  /** Runs the stock JSON-LD work off the event loop, under a deadline (see stock-verifier.ts). */
  stockVerifier?: StockVerifier;
}): Promise<PresentationReport> {
  const { presentation, challenge, domain, documentLoader, now } = args;
  assertWithinVerificationLimits(presentation, 'presentation');
  const fail = (check: PresentationCheck['check'], message: string): PresentationReport => ({
    verified: false,
    checks: [{ check, ok: false, message }],
    credentials: [],
  });
  if (!isRecord(presentation)) return fail('structure', 'This is not a presentation: expected a JSON object.');
  const context = presentation['@context'];
  const types: unknown[] = Array.isArray(presentation.type) ? presentation.type : [presentation.type];
  if (
    !Array.isArray(context) ||
    (context[0] !== VC_V2_CONTEXT && context[0] !== VC_V1_CONTEXT) ||
    !types.includes('VerifiablePresentation')
  )
    return fail('structure', 'This is not a Verifiable Presentation (its @context or type is wrong).');
  const proofs = proofsOf(presentation);
  if (proofs.length === 0) return fail('proof', 'The presentation is not signed, so the challenge cannot be checked.');

  const checks: PresentationCheck[] = [];
  const proofArgs = { presentation, challenge, ...(domain === undefined ? {} : { domain }), documentLoader, now };
  const signed =
    args.stockVerifier === undefined
      ? await verifyPresentationProofs(proofArgs)
      : await args.stockVerifier.presentationProofs(proofArgs);
  // The library's ProofSet passes when SOME proof verifies and skips proofs it cannot match; every
  // proof must verify here, and challenge, domain and holder are read from verified proofs only.
  const verified = signed.results.filter((result) => result.verified);
  const proofOk = signed.results.length === proofs.length && verified.length === proofs.length;
  const failure =
    signed.results.length < proofs.length
      ? 'every proof must be an eddsa-rdfc-2022 authentication proof'
      : (signed.results.find((result) => !result.verified)?.error ?? signed.error ?? 'unknown error');
  checks.push({
    check: 'proof',
    ok: proofOk,
    message: proofOk
      ? "The holder's signature on the presentation is valid."
      : `The holder's signature on the presentation could not be verified: ${failure}.`,
  });
  const verifiedProofs = verified.flatMap((result) => (result.proof === undefined ? [] : [result.proof]));
  const challengeOk = verifiedProofs.length > 0 && verifiedProofs.every((proof) => proof.challenge === challenge);
  checks.push({
    check: 'challenge',
    ok: challengeOk,
    message: challengeOk
      ? 'The presentation answers this verifier’s challenge.'
      : 'No verified proof of the presentation answers this verifier’s challenge (a replay, or made for someone else).',
  });
  if (domain !== undefined) {
    const domainOk = verifiedProofs.length > 0 && verifiedProofs.every((proof) => proof.domain === domain);
    checks.push({
      check: 'domain',
      ok: domainOk,
      message: domainOk ? `The presentation was made for ${domain}.` : `The presentation was not made for ${domain}.`,
    });
  }
  const holder = isRecord(presentation.holder) ? presentation.holder.id : presentation.holder;
  if (typeof holder === 'string') {
    const controllers = verified.map((result) => result.controller);
    const holderOk = controllers.includes(holder);
    checks.push({
      check: 'holder',
      ok: holderOk,
      message: holderOk
        ? `Presented by its holder ${holder}.`
        : `The presentation names ${holder} as holder, but no verified proof was made with a key of theirs.`,
    });
  }

  const inside = presentation.verifiableCredential;
  const credentials: unknown[] = Array.isArray(inside) ? inside : inside === undefined ? [] : [inside];
  const reports = await Promise.all(
    credentials.map((credential) =>
      verifyCredential({
        credential,
        documentLoader,
        now,
        ...(args.trustedIssuers === undefined ? {} : { trustedIssuers: args.trustedIssuers }),
        ...(args.loadStatusList === undefined ? {} : { loadStatusList: args.loadStatusList }),
        ...(args.stockVerifier === undefined ? {} : { stockVerifier: args.stockVerifier }),
      }),
    ),
  );
  return {
    verified: checks.every((c) => c.ok) && reports.every((r) => r.verified),
    checks,
    ...(typeof holder === 'string' && { holder }),
    credentials: reports,
  };
}
