import type { DocumentLoader } from './document-loader.js';
import { LruCache } from './lru-cache.js';

type Loader = (url: string) => Promise<{ document: unknown }>;

/** Names defined by the contexts in force anywhere in a document (a superset: keywords come along too). */
export interface ContextTerms {
  /** Every term: a string equal to one is rewritten where values are vocabulary-relative. */
  all: ReadonlySet<string>;
  /**
   * Terms that may serve as the prefix of a compact IRI: jsonld.js allows it for a term defined by a
   * plain string (when the IRI ends in a gen-delim, not checked here) or with `"@prefix": true`.
   */
  prefixes: ReadonlySet<string>;
}

interface MutableTerms {
  all: Set<string>;
  prefixes: Set<string>;
}

// Contexts are immutable documents named by URL (jsonld.js caches them by URL the same way).
const termsByUrl = new LruCache<string, ContextTerms>(64);

/**
 * The terms of every context a document uses, including contexts they import or scope to terms.
 * An IRI-shaped string is copied verbatim into RDF unless it is itself a term or its scheme is a
 * prefix term ("ex:thing" → "https://example.org/thing"); a superset of the terms in force
 * anywhere in the document is enough to tell, without JSON-LD's own machinery.
 */
export async function contextTermNames(document: unknown, documentLoader: DocumentLoader): Promise<ContextTerms> {
  const terms: MutableTerms = { all: new Set(), prefixes: new Set() };
  const contexts: unknown[] = [];
  findContexts(document, contexts);
  for (const context of contexts) await collectContext(context, terms, documentLoader, new Set());
  return terms;
}

function findContexts(value: unknown, found: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) findContexts(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '@context') found.push(child);
      else findContexts(child, found);
    }
  }
}

async function collectContext(context: unknown, terms: MutableTerms, loader: Loader, visiting: Set<string>) {
  if (typeof context === 'string') {
    const loaded = await termsAt(context, loader, visiting);
    for (const name of loaded.all) terms.all.add(name);
    for (const name of loaded.prefixes) terms.prefixes.add(name);
  } else if (Array.isArray(context)) {
    for (const item of context) await collectContext(item, terms, loader, visiting);
  } else if (typeof context === 'object' && context !== null) {
    await collectDefinitions(context as Record<string, unknown>, terms, loader, visiting);
  }
}

/** A context object, or a term definition inside one (whose keys are keywords: harmless extra names). */
async function collectDefinitions(
  object: Record<string, unknown>,
  terms: MutableTerms,
  loader: Loader,
  visiting: Set<string>,
): Promise<void> {
  for (const [key, value] of Object.entries(object)) {
    terms.all.add(key);
    if (typeof value === 'string' || (isObject(value) && value['@prefix'] === true)) terms.prefixes.add(key);
    if (key === '@context' || key === '@import') {
      await collectContext(value, terms, loader, visiting);
    } else if (Array.isArray(value)) {
      for (const item of value) if (isObject(item)) await collectDefinitions(item, terms, loader, visiting);
    } else if (isObject(value)) {
      await collectDefinitions(value, terms, loader, visiting);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function termsAt(url: string, loader: Loader, visiting: Set<string>): Promise<ContextTerms> {
  const cached = termsByUrl.get(url);
  if (cached !== undefined) return cached;
  // jsonld.js rejects recursive context inclusion too; the document then takes the general path.
  if (visiting.has(url)) throw new Error(`The context ${url} includes itself.`);
  visiting.add(url);
  const loaded = (await loader(url)).document;
  const document: unknown = typeof loaded === 'string' ? JSON.parse(loaded) : loaded;
  const terms: MutableTerms = { all: new Set(), prefixes: new Set() };
  if (isObject(document) && '@context' in document) {
    await collectContext(document['@context'], terms, loader, visiting);
  }
  visiting.delete(url);
  termsByUrl.set(url, terms);
  return terms;
}
