import * as vc from '@digitalbazaar/vc';
import { encodeBase58btc } from './base58btc.js';
import { VC_V1_CONTEXT } from './bundled-contexts.js';
import { InvalidCredentialError } from './credential-errors.js';
import { createVerifyData, CRYPTOSUITE, ensureSuiteContext, PROOF_TYPE, w3cDate } from './data-integrity-proof.js';
import type { DocumentLoader } from './document-loader.js';
import type { CredentialSigner } from './ed25519-signer.js';
import { clonePlainJson } from './json-shape.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { isDateTimeWithZone } from './xsd-date-time.js';

export interface SignCredentialArgs {
  credential: Record<string, unknown>;
  signer: CredentialSigner;
  documentLoader: DocumentLoader;
  now?: Date;
}

/**
 * Adds an eddsa-rdfc-2022 DataIntegrityProof (purpose assertionMethod). `proof` is returned as a
 * one-element array: the OB 3.0 JSON Schema requires an array, VC 2.0 allows both, and the proof is
 * not part of what is signed. Without `now`, `created` is the current time.
 *
 * Returns byte-for-byte what signCredentialStock (stock `vc.issue`) returns, several times faster:
 * the RDF of credentials whose shape was seen before is filled into a template instead of running
 * JSON-LD expansion (see templated-canonize.ts). Whatever the fast path cannot do, or any error on
 * it, is handed to the stock path, so errors are the stock ones too (a signer that throws is asked
 * twice).
 */
export async function signCredential(args: SignCredentialArgs): Promise<Record<string, unknown>> {
  assertSignable(args.credential);
  try {
    return await issueFast(args);
  } catch {
    return issueStock(args);
  }
}

/**
 * The fast path alone, with no stock fallback: it throws where signCredential would ask the stock
 * path (so its errors can differ from the stock ones). For tests and benchmarks of that path.
 */
export async function signCredentialFast(args: SignCredentialArgs): Promise<Record<string, unknown>> {
  assertSignable(args.credential);
  return issueFast(args);
}

/** signCredential through stock `vc.issue` and the stock suite: the reference for tests and benchmarks. */
export async function signCredentialStock(args: SignCredentialArgs): Promise<Record<string, unknown>> {
  assertSignable(args.credential);
  return issueStock(args);
}

function assertSignable(credential: Record<string, unknown>): void {
  // The vc library neither adds validFrom nor rejects one without a time zone; OB 3.0 needs validFrom,
  // and VC 2.0 a time zone on it. (VC 1.1 documents carry issuanceDate, which the library adds.)
  const types: unknown[] = Array.isArray(credential.type) ? credential.type : [credential.type];
  const openBadge = types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
  if ((openBadge || credential.validFrom !== undefined) && !isDateTimeWithZone(credential.validFrom)) {
    throw new InvalidCredentialError(
      `validFrom must be a date-time with a time zone, got ${JSON.stringify(credential.validFrom)}.`,
    );
  }
  if (credential.validUntil !== undefined && !isDateTimeWithZone(credential.validUntil)) {
    throw new InvalidCredentialError(
      `validUntil must be a date-time with a time zone, got ${JSON.stringify(credential.validUntil)}.`,
    );
  }
  if (credential.proof !== undefined) throw new InvalidCredentialError('The credential already has a proof.');
}

async function issueStock({ credential, signer, documentLoader, now }: SignCredentialArgs) {
  const signed = await vc.issue({
    credential: structuredClone(credential), // issue() writes into the object it is given
    suite: eddsaRdfc2022Suite({ signer, date: now }),
    documentLoader,
    now,
  });
  const { proof, ...rest } = signed;
  return { ...rest, proof: Array.isArray(proof) ? proof : [proof] };
}

/**
 * vc.issue → jsigs.sign → DataIntegrityProof.createProof, step by step: the same credential checks,
 * the same suite context, the proof keys in the library's order, the same signed bytes.
 */
async function issueFast({ credential, signer, documentLoader, now }: SignCredentialArgs) {
  const algorithm: string = signer.algorithm; // typed, but JavaScript callers exist
  if (!signer.id || algorithm !== 'Ed25519' || typeof signer.sign !== 'function') {
    throw new Error('Left to the stock path, which reports the signer problem.');
  }
  if (now !== undefined && Number.isNaN(now.getTime())) throw new Error('Left to the stock path: invalid date.');
  const document = clonePlainJson(credential) ?? structuredClone(credential);
  const contexts = document['@context'];
  if (Array.isArray(contexts) && contexts[0] === VC_V1_CONTEXT && !document.issuanceDate) {
    throw new Error('Left to the stock path, which stamps issuanceDate on VC 1.1 credentials.');
  }
  vc._checkCredential({ credential: document, now, mode: 'issue' });
  ensureSuiteContext(document);
  const proof: Record<string, unknown> = {
    type: PROOF_TYPE,
    created: w3cDate(now ?? new Date()),
    verificationMethod: signer.id,
    cryptosuite: CRYPTOSUITE,
    proofPurpose: 'assertionMethod',
  };
  const { data } = await createVerifyData(document, proof, documentLoader);
  proof.proofValue = `z${encodeBase58btc(await signer.sign({ data }))}`;
  return { ...document, proof: [proof] };
}
