import * as vc from '@digitalbazaar/vc';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import { verifyCredential } from './credential-verifier.js';
import type { DocumentLoader } from './document-loader.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { isRecord } from './is-record.js';
import { proofsOf, verificationMethodIdOf } from './proofs.js';
import type { StatusListLoader } from './status.check.js';
import type { VerificationReport } from './verification-report.js';

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
}): Promise<PresentationReport> {
  const { presentation, challenge, domain, documentLoader, now } = args;
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
  const signed = await vc.verify({
    presentation,
    suite: eddsaRdfc2022Suite(),
    documentLoader,
    challenge,
    ...(domain === undefined ? {} : { domain }),
    now,
    maxClockSkew: Infinity,
    // The credentials get their own full verification below.
    checkStatus: () => Promise.resolve({ verified: true }),
  });
  const proofOk = signed.presentationResult?.verified === true;
  const proofChallenge = proofs.map((p) => p.challenge);
  const proofDomain = proofs.map((p) => p.domain);
  checks.push({
    check: 'proof',
    ok: proofOk,
    message: proofOk
      ? "The holder's signature on the presentation is valid."
      : `The holder's signature on the presentation could not be verified: ${errorText(signed.presentationResult?.error)}.`,
  });
  const challengeOk = proofChallenge.includes(challenge);
  checks.push({
    check: 'challenge',
    ok: challengeOk,
    message: challengeOk
      ? 'The presentation answers this verifier’s challenge.'
      : 'The presentation was made for another challenge (a replay, or for someone else).',
  });
  if (domain !== undefined) {
    const domainOk = proofDomain.includes(domain);
    checks.push({
      check: 'domain',
      ok: domainOk,
      message: domainOk ? `The presentation was made for ${domain}.` : `The presentation was not made for ${domain}.`,
    });
  }
  const holder = isRecord(presentation.holder) ? presentation.holder.id : presentation.holder;
  if (typeof holder === 'string') {
    const signers = proofs.map((p) => verificationMethodIdOf(p)?.split('#')[0]);
    const holderOk = signers.includes(holder);
    checks.push({
      check: 'holder',
      ok: holderOk,
      message: holderOk
        ? `Presented by its holder ${holder}.`
        : `The presentation names ${holder} as holder but was signed by someone else.`,
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

function errorText(error: { message?: string; errors?: unknown[] } | undefined): string {
  if (error === undefined) return 'unknown error';
  const errors = Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : [error];
  return errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : String(e))).join('; ');
}
