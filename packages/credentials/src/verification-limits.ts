import { bundledContexts } from './bundled-contexts.js';
import { isRecord } from './is-record.js';
import { VerificationLimitError } from './verification-limit.error.js';

/**
 * Bounds on what a verifier will look at. An Open Badges credential Attain issues is about 12 KB
 * with a few hundred JSON values; these leave room for other issuers' credentials and the W3C
 * suites' fixtures while keeping the worst case of the stock JSON-LD path short (see README).
 */
export interface VerificationLimits {
  /** Serialised JSON, UTF-8 bytes. */
  bytes: number;
  depth: number;
  /** Every JSON value (objects, arrays, strings, numbers, ...) counted once. */
  values: number;
  /** Longest string, property names included (UTF-16 code units). */
  stringLength: number;
  proofs: number;
  credentialStatus: number;
  relatedResource: number;
  evidence: number;
  /** Entries of one @context. */
  contexts: number;
  /** Credentials inside a presentation. */
  verifiableCredential: number;
  /** Terms one inline (object) @context may define. */
  inlineTerms: number;
}

export const CREDENTIAL_LIMITS: VerificationLimits = {
  bytes: 64 * 1024,
  depth: 16,
  values: 2_000,
  stringLength: 32 * 1024,
  proofs: 4,
  credentialStatus: 4,
  relatedResource: 16,
  evidence: 16,
  contexts: 8,
  verifiableCredential: 0,
  inlineTerms: 32,
};

export const PRESENTATION_LIMITS: VerificationLimits = {
  ...CREDENTIAL_LIMITS,
  bytes: 192 * 1024,
  depth: 20,
  values: 6_000,
  verifiableCredential: 4,
};

type Kind = 'credential' | 'presentation';

/**
 * Refuses (throws VerificationLimitError) a credential or presentation beyond the limits, or one
 * whose @context is not a list of distinct bundled context URLs. Runs before any JSON-LD work and
 * costs one walk of the parsed JSON; a presentation's credentials are held to the credential limits.
 */
export function assertWithinVerificationLimits(document: unknown, kind: Kind): DocumentSize {
  const limits = kind === 'credential' ? CREDENTIAL_LIMITS : PRESENTATION_LIMITS;
  if (!isRecord(document)) return { values: 1, bytes: 0 }; // not a credential at all: the structure check says so
  checkCounts(document, kind, limits);
  if (kind === 'presentation') {
    for (const credential of listOf(document.verifiableCredential)) {
      if (isRecord(credential)) checkCounts(credential, 'credential', CREDENTIAL_LIMITS);
    }
  }
  const values = walk(document, kind, limits);
  const bytes = Buffer.byteLength(JSON.stringify(document), 'utf8');
  if (bytes > limits.bytes) {
    throw new VerificationLimitError(
      'verification_limit',
      { name: `${kind}Bytes`, max: limits.bytes, actual: bytes },
      `A ${kind} may be at most ${String(limits.bytes)} bytes of JSON; this one is ${String(bytes)}.`,
      true,
    );
  }
  if (kind === 'presentation') {
    for (const credential of listOf(document.verifiableCredential))
      assertWithinVerificationLimits(credential, 'credential');
  }
  return { values, bytes };
}

/** How big a document within the limits is: callers decide from it where its JSON-LD work may run. */
export interface DocumentSize {
  values: number;
  bytes: number;
}

const COUNTED = ['proof', 'credentialStatus', 'relatedResource', 'evidence', 'verifiableCredential'] as const;

function checkCounts(document: Record<string, unknown>, kind: Kind, limits: VerificationLimits): void {
  for (const field of COUNTED) {
    const actual = listOf(document[field]).length;
    const max = field === 'proof' ? limits.proofs : limits[field];
    if (actual > max) {
      throw new VerificationLimitError(
        'verification_limit',
        { name: field, max, actual },
        `A ${kind} may have at most ${String(max)} ${field} entries; this one has ${String(actual)}.`,
      );
    }
  }
}

/** Depth, value count and string length over the whole document, and every @context on the way. */
function walk(document: unknown, kind: Kind, limits: VerificationLimits): number {
  const pending: { value: unknown; depth: number }[] = [{ value: document, depth: 1 }];
  let values = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    values += 1;
    if (values > limits.values) {
      throw new VerificationLimitError(
        'verification_limit',
        { name: 'values', max: limits.values },
        `A ${kind} may hold at most ${String(limits.values)} JSON values; this one holds more.`,
      );
    }
    if (typeof value === 'string') {
      checkString(value, kind, limits);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.depth) {
      throw new VerificationLimitError(
        'verification_limit',
        { name: 'depth', max: limits.depth },
        `A ${kind} may nest at most ${String(limits.depth)} levels deep; this one nests deeper.`,
      );
    }
    if (Array.isArray(value)) {
      for (const inner of value) pending.push({ value: inner, depth: depth + 1 });
      continue;
    }
    for (const [key, inner] of Object.entries(value)) {
      checkString(key, kind, limits);
      if (key === '@context') checkContext(inner, kind, limits);
      pending.push({ value: inner, depth: depth + 1 });
    }
  }
  return values;
}

function checkString(text: string, kind: Kind, limits: VerificationLimits): void {
  if (text.length > limits.stringLength) {
    throw new VerificationLimitError(
      'verification_limit',
      { name: 'stringLength', max: limits.stringLength, actual: text.length },
      `A ${kind} may hold strings of at most ${String(limits.stringLength)} characters; this one has ${String(text.length)}.`,
    );
  }
}

/**
 * Bundled contexts by URL, each once, and small flat inline contexts (VC 2.0 allows objects in
 * @context). What would make the JSON-LD processor do work the document chooses is refused: an
 * unknown URL (it would be fetched), a repeat (a full context processing each), `@import`, a scoped
 * (nested) context, or an inline context of more than `inlineTerms` terms.
 */
function checkContext(context: unknown, kind: Kind, limits: VerificationLimits): void {
  const entries = listOf(context);
  if (entries.length > limits.contexts) {
    throw new VerificationLimitError(
      'verification_limit',
      { name: 'contexts', max: limits.contexts, actual: entries.length },
      `A ${kind} may name at most ${String(limits.contexts)} contexts; this one names ${String(entries.length)}.`,
    );
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== 'string') {
      checkInlineContext(entry, kind, limits);
      continue;
    }
    if (!bundledContexts.has(entry)) {
      throw new VerificationLimitError(
        'context_not_allowed',
        {
          name: 'unknownContexts',
          max: 0,
          actual: entries.filter((e) => typeof e === 'string' && !bundledContexts.has(e)).length,
        },
        `The context ${entry.slice(0, 200)} is not one this verifier knows (it never fetches contexts).`,
      );
    }
    if (seen.has(entry)) {
      throw new VerificationLimitError(
        'context_not_allowed',
        { name: 'duplicateContexts', max: 0, actual: entries.length - new Set(entries).size },
        `The ${kind} names the context ${entry} more than once.`,
      );
    }
    seen.add(entry);
  }
}

/** Keys a term definition may use: enough for an IRI, a type and a container, nothing that nests. */
const TERM_KEYS = new Set(['@id', '@type', '@container', '@language', '@reverse']);
/** Keywords an inline context itself may set. */
const CONTEXT_KEYWORDS = new Set(['@vocab', '@base', '@version', '@protected', '@language']);

function checkInlineContext(entry: unknown, kind: Kind, limits: VerificationLimits): void {
  const refuse = (why: string): never => {
    throw new VerificationLimitError(
      'context_not_allowed',
      { name: 'inlineContexts', max: 0, actual: 1 },
      `An inline @context may only map terms to IRIs (no @import, no scoped contexts); this ${kind}'s ${why}.`,
    );
  };
  if (!isRecord(entry)) return refuse('@context holds something other than a URL or an object');
  // A context document embedded as it would be served, {"@context": {...}} (the W3C suites send it):
  // its inner object is held to these same rules by the walk, which meets that @context next.
  const keys = Object.keys(entry);
  if (keys.length === 1 && keys[0] === '@context' && isRecord(entry['@context'])) return;
  const terms = Object.keys(entry).filter((key) => !CONTEXT_KEYWORDS.has(key));
  if (terms.length > limits.inlineTerms) {
    throw new VerificationLimitError(
      'verification_limit',
      { name: 'inlineTerms', max: limits.inlineTerms, actual: terms.length },
      `An inline @context may define at most ${String(limits.inlineTerms)} terms; this ${kind}'s defines ${String(terms.length)}.`,
    );
  }
  for (const [key, value] of Object.entries(entry)) {
    if (CONTEXT_KEYWORDS.has(key)) {
      if (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number' && value !== null)
        refuse(`inline context sets ${key} to something other than a plain value`);
      continue;
    }
    if (key.startsWith('@')) refuse(`inline context uses ${key}`);
    if (typeof value === 'string' || value === null) continue;
    if (!isRecord(value)) refuse(`inline context defines ${key} as neither an IRI nor a term definition`);
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
      if (!TERM_KEYS.has(field) || (typeof inner !== 'string' && inner !== null))
        refuse(`inline context defines ${key} with ${field}`);
    }
  }
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
