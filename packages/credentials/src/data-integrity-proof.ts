import { createHash } from 'node:crypto';
import { DATA_INTEGRITY_V2_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import type { DocumentLoader } from './document-loader.js';
import { canonizeDocument } from './templated-canonize.js';

/**
 * What @digitalbazaar/data-integrity's DataIntegrityProof does around the cryptosuite, restated so
 * that the fast signing and verification paths build byte-for-byte the same inputs.
 */
export const PROOF_TYPE = 'DataIntegrityProof';
export const CRYPTOSUITE = 'eddsa-rdfc-2022';

/** DataIntegrityProof.ensureSuiteContext({ addSuiteContext: true }): VC 2.0 or DI v2 must be in the context. */
export function ensureSuiteContext(document: Record<string, unknown>): void {
  const context = document['@context'];
  const includes = (url: string): boolean => context === url || (Array.isArray(context) && context.includes(url));
  if (includes(DATA_INTEGRITY_V2_CONTEXT) || includes(VC_V2_CONTEXT)) return;
  const existing: unknown = context || []; // `||`, as the library: any falsy context counts as none
  document['@context'] = Array.isArray(existing)
    ? [...(existing as unknown[]), DATA_INTEGRITY_V2_CONTEXT]
    : [existing, DATA_INTEGRITY_V2_CONTEXT];
}

/** The library's w3cDate(): ISO 8601 in UTC without milliseconds ('2026-05-01T09:31:00Z'). */
export function w3cDate(date: Date): string {
  return `${date.toISOString().slice(0, -5)}Z`;
}

/**
 * The bytes an eddsa-rdfc-2022 proof signs: SHA-256 of the canonical proof configuration (the proof
 * without proofValue, under the document's @context plus the suite context) followed by SHA-256 of
 * the canonical document (without its proof), as DataIntegrityProof.createVerifyData/canonizeProof.
 * `proof` is taken as the library receives it, so a proof carrying its own @context keeps it.
 */
export async function createVerifyData(
  document: Record<string, unknown>,
  proof: Record<string, unknown>,
  documentLoader: DocumentLoader,
): Promise<{ data: Uint8Array; templated: boolean }> {
  const config: Record<string, unknown> = { '@context': document['@context'], ...proof };
  ensureSuiteContext(config);
  delete config.proofValue;
  const [proofForm, documentForm] = await Promise.all([
    canonizeDocument(config, documentLoader),
    canonizeDocument(document, documentLoader),
  ]);
  const data = Buffer.concat([sha256(proofForm.nquads), sha256(documentForm.nquads)]);
  return { data: new Uint8Array(data), templated: proofForm.templated && documentForm.templated };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
