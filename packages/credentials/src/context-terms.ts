import type { DocumentLoader } from './document-loader.js';
import { LruCache } from './lru-cache.js';

type Loader = (url: string) => Promise<{ document: unknown }>;

// Contexts are immutable documents named by URL (jsonld.js caches them by URL the same way).
const namesByUrl = new LruCache<string, ReadonlySet<string>>(64);

/**
 * Every key of every context a document uses, including contexts they import or scope to terms.
 * An IRI-shaped string is copied verbatim into RDF only if neither it nor its scheme names a term
 * (a term would turn it into another IRI: "ex:thing" → "https://example.org/thing"); a superset of
 * the terms in force anywhere in the document is enough to tell, without JSON-LD's own machinery.
 */
export async function contextTermNames(document: unknown, documentLoader: DocumentLoader): Promise<Set<string>> {
  const names = new Set<string>();
  const contexts: unknown[] = [];
  findContexts(document, contexts);
  for (const context of contexts) await collectContext(context, names, documentLoader, new Set());
  return names;
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

async function collectContext(
  context: unknown,
  names: Set<string>,
  loader: Loader,
  visiting: Set<string>,
): Promise<void> {
  if (typeof context === 'string') {
    for (const name of await namesAt(context, loader, visiting)) names.add(name);
  } else if (Array.isArray(context)) {
    for (const item of context) await collectContext(item, names, loader, visiting);
  } else if (typeof context === 'object' && context !== null) {
    await collectDefinitions(context as Record<string, unknown>, names, loader, visiting);
  }
}

/** Term definitions are objects too; their keys are keywords, which are harmless extra names. */
async function collectDefinitions(
  object: Record<string, unknown>,
  names: Set<string>,
  loader: Loader,
  visiting: Set<string>,
): Promise<void> {
  for (const [key, value] of Object.entries(object)) {
    names.add(key);
    if (key === '@context' || key === '@import') {
      await collectContext(value, names, loader, visiting);
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'object' && item !== null) {
          await collectDefinitions(item as Record<string, unknown>, names, loader, visiting);
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      await collectDefinitions(value as Record<string, unknown>, names, loader, visiting);
    }
  }
}

async function namesAt(url: string, loader: Loader, visiting: Set<string>): Promise<ReadonlySet<string>> {
  const cached = namesByUrl.get(url);
  if (cached !== undefined) return cached;
  // jsonld.js rejects recursive context inclusion too; the document then takes the general path.
  if (visiting.has(url)) throw new Error(`The context ${url} includes itself.`);
  visiting.add(url);
  const loaded = (await loader(url)).document;
  const document: unknown = typeof loaded === 'string' ? JSON.parse(loaded) : loaded;
  const names = new Set<string>();
  if (typeof document === 'object' && document !== null && '@context' in document) {
    await collectContext((document as { '@context': unknown })['@context'], names, loader, visiting);
  }
  visiting.delete(url);
  namesByUrl.set(url, names);
  return names;
}
