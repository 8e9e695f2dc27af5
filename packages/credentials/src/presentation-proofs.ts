import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from './document-loader.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { isRecord } from './is-record.js';

/** What the stock library says of each proof of a presentation, as plain data (it crosses threads). */
export interface PresentationProofs {
  results: { verified: boolean; proof?: Record<string, unknown>; controller?: string; error?: string }[];
  error?: string;
}

/**
 * The presentation's own proofs through stock `vc.verify` (authentication purpose, with the
 * challenge and domain). The library also verifies the credentials inside; those results are
 * ignored, as each credential gets its own full verification.
 */
export async function verifyPresentationProofs(args: {
  presentation: Record<string, unknown>;
  challenge: string;
  domain?: string;
  documentLoader: DocumentLoader;
  now: Date;
}): Promise<PresentationProofs> {
  const { domain } = args;
  const signed = await vc.verify({
    presentation: args.presentation,
    suite: eddsaRdfc2022Suite(),
    documentLoader: args.documentLoader,
    challenge: args.challenge,
    ...(domain === undefined ? {} : { domain }),
    now: args.now,
    maxClockSkew: Infinity,
    checkStatus: () => Promise.resolve({ verified: true }),
  });
  const results = (signed.presentationResult?.results ?? []).map((result) => {
    const controller = controllerOf(result.verificationMethod);
    const error = result.verified ? undefined : errorText(result.error);
    return {
      verified: result.verified,
      ...(isRecord(result.proof) && { proof: result.proof }),
      ...(controller !== undefined && { controller }),
      ...(error !== undefined && { error }),
    };
  });
  const failure = signed.presentationResult?.error ?? signed.error;
  return { results, ...(failure !== undefined && { error: errorText(failure) }) };
}

/** The key's controller, as jsonld-signatures resolved it for the proof. */
function controllerOf(method: unknown): string | undefined {
  if (!isRecord(method)) return undefined;
  const controller = isRecord(method.controller) ? method.controller.id : method.controller;
  return typeof controller === 'string' ? controller : undefined;
}

function errorText(error: unknown): string {
  if (error === undefined || error === null) return 'unknown error';
  const errors: unknown[] =
    isRecord(error) && Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : [error];
  return errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : String(e))).join('; ');
}
