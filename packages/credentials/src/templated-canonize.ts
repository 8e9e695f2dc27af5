import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as rdfCanonize from 'rdf-canonize';
import type { DocumentLoader } from './document-loader.js';
import { NotTemplatableError, shapeOf } from './json-shape.js';
import { LruCache } from './lru-cache.js';
import { compileShape, instantiate, isVerbatimIri, type CompiledShape } from './rdf-template.js';

/** Canonical N-Quads, and whether they came from a shape template (false: the general JSON-LD path). */
export interface CanonicalNQuads {
  nquads: string;
  templated: boolean;
}

// Shapes are few (one per kind of credential, plus variants such as with/without validUntil); the
// bound only keeps documents with endless distinct shapes from growing the process.
const TEMPLATE_CACHE_SIZE = 256;
// Rounds of "make these slots constants and compile again" before giving up on a document.
const MAX_REFINEMENTS = 4;

const templates = new LruCache<string, Promise<CompiledShape>>(TEMPLATE_CACHE_SIZE);
// Refined keys seen once. A refined key carries slot values (an IRI the contexts would rewrite, a
// string inside an @json literal); a value that never repeats (a one-off id) would cost a compile
// per document, so such keys are compiled only when they come back.
const seenOnce = new LruCache<string, true>(TEMPLATE_CACHE_SIZE * 4);

/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document, exactly as the eddsa-rdfc-2022 cryptosuite's
 * canonize() computes them (safe mode, base null), but without JSON-LD expansion for shapes seen
 * before: the document's RDF is filled into the template of its shape and only the (general)
 * RDFC-1.0 algorithm runs. Any document a template cannot vouch for goes through the cryptosuite.
 * Templates, like jsonld.js' own context cache, assume that a context URL always names the same
 * document.
 */
export async function canonizeDocument(
  document: Record<string, unknown>,
  documentLoader: DocumentLoader,
): Promise<CanonicalNQuads> {
  const dataset = await templatedDataset(document, documentLoader);
  if (dataset !== undefined) {
    const nquads = await rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
    return { nquads, templated: true };
  }
  return { nquads: await cryptosuite.canonize(document, { documentLoader, base: null, safe: true }), templated: false };
}

async function templatedDataset(
  document: Record<string, unknown>,
  documentLoader: DocumentLoader,
): Promise<rdfCanonize.RdfQuad[] | undefined> {
  let shape;
  try {
    shape = shapeOf(document);
  } catch (error) {
    if (error instanceof NotTemplatableError) return undefined;
    throw error;
  }
  const { values } = shape;
  // Slots compiled in as constants: their values become part of the template's key.
  const inlined = new Map<number, string>();
  const inline = (slot: number): void => {
    const value = values[slot];
    if (value !== undefined) inlined.set(slot, value);
  };
  for (let round = 0; round < MAX_REFINEMENTS; round++) {
    const key =
      inlined.size === 0 ? shape.key : `${shape.key}\u0000${JSON.stringify([...inlined].sort(([a], [b]) => a - b))}`;
    if (inlined.size > 0 && templates.get(key) === undefined && seenOnce.get(key) === undefined) {
      seenOnce.set(key, true);
      return undefined;
    }
    const compiled = await compiledShape(key, () => compileShape(document, values.length, inlined, documentLoader));
    switch (compiled.kind) {
      case 'unsupported':
        return undefined;
      case 'inline':
        compiled.slots.forEach(inline);
        break;
      case 'template': {
        const unsafe = compiled.iriSlots.filter((slot) => !isVerbatimIri(values[slot] ?? '', compiled.contextTerms));
        if (unsafe.length === 0) return instantiate(compiled, values);
        unsafe.forEach(inline);
        break;
      }
    }
  }
  return undefined;
}

// jsonld.js errors that depend only on the document (and so on the shape and the inlined values):
// a syntax error, or safe mode refusing something. Anything else (a document loader failing) may pass.
const DETERMINISTIC_ERRORS = new Set(['jsonld.SyntaxError', 'jsonld.ValidationError']);

function compiledShape(key: string, compile: () => Promise<CompiledShape>): Promise<CompiledShape> {
  let pending = templates.get(key);
  if (pending === undefined) {
    pending = compile().catch((error: unknown): CompiledShape => {
      if (!(error instanceof Error && DETERMINISTIC_ERRORS.has(error.name))) templates.delete(key);
      return { kind: 'unsupported', reason: error instanceof Error ? error.message : String(error) };
    });
    templates.set(key, pending);
  }
  return pending;
}
