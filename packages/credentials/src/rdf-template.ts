import { randomBytes } from 'node:crypto';
import jsonld from 'jsonld';
import type { RdfQuad, RdfTerm } from 'rdf-canonize';
import { contextTermNames, type ContextTerms } from './context-terms.js';
import type { DocumentLoader } from './document-loader.js';
import { fillShape } from './json-shape.js';

/** A constant term (slot -1), or the place where slot `slot`'s string becomes an IRI or a literal's value. */
interface TermTemplate {
  term: RdfTerm;
  slot: number;
}

interface QuadTemplate {
  subject: TermTemplate;
  predicate: RdfTerm;
  object: TermTemplate;
  graph: TermTemplate;
  /** Whether some slot values make this quad equal to another one of the template (see instantiate). */
  mayCollide: boolean;
}

/** The RDF of one shape with its slots marked: filling them in gives the RDF of any document of the shape. */
export interface RdfTemplate {
  kind: 'template';
  quads: QuadTemplate[];
  /** Slots that become IRIs; a document's value must pass isVerbatimIri or be compiled in as a constant. */
  iriSlots: number[];
  contextTerms: ContextTerms;
}

export type CompiledShape =
  | RdfTemplate
  /** Slots whose string does not pass through whole (e.g. into an @json literal): make them constants. */
  | { kind: 'inline'; slots: number[] }
  | { kind: 'unsupported'; reason: string };

/**
 * The options @digitalbazaar/eddsa-rdfc-2022-cryptosuite's canonize() hands to jsonld.toRDF for both
 * the document and the proof configuration (its own defaults, then base null and safe mode).
 */
function toRdfOptions(documentLoader: DocumentLoader): Record<string, unknown> & { documentLoader: DocumentLoader } {
  return {
    rdfDirection: 'i18n-datatype',
    algorithm: 'RDFC-1.0',
    base: null,
    safe: true,
    documentLoader,
    produceGeneralizedRdf: false,
  };
}

const PLACEHOLDER_PREFIX = 'urn:x-attain-slot:';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/**
 * Runs the general JSON-LD → RDF conversion once on a copy of the document whose open slots hold
 * unique placeholder IRIs (`inlined` slots keep their real value), and records where each
 * placeholder lands. A slot qualifies only if its placeholder appears whole, as an IRI (subject,
 * object or graph) or as a literal's lexical value; a slot that vanishes or appears inside some
 * other string or in a datatype, language or predicate must be inlined. Shapes whose expansion uses
 * `@index` are refused (index values keep RDF-identical values apart and make node merges fail), as
 * are shapes with a property that expands to rdf:type other than `@type`: instantiate() relies on
 * JSON-LD having merged every pair of equal IRI-valued quads, which holds only within one property.
 */
export async function compileShape(
  document: unknown,
  slotCount: number,
  inlined: ReadonlyMap<number, string>,
  documentLoader: DocumentLoader,
): Promise<CompiledShape> {
  const nonce = randomBytes(12).toString('hex');
  const marker = `${PLACEHOLDER_PREFIX}${nonce}:`;
  const placeholders = new Map<string, number>();
  const input = fillShape(document, (slot, value) => {
    if (inlined.has(slot)) return value;
    const placeholder = `${marker}${slot}`;
    placeholders.set(placeholder, slot);
    return placeholder;
  });

  // jsonld.toRDF(input, options) is expand(input, options) then the RDF conversion; done in two steps
  // (same options) to look at the expanded form first, which the conversion then modifies.
  const options = toRdfOptions(documentLoader);
  const expanded = await jsonld.expand(input, options);
  if (hasKey(expanded, '@index')) return { kind: 'unsupported', reason: 'the document uses @index' };
  // rdf:type quads then come from two node properties (@type and this one), which JSON-LD does not merge.
  if (hasKey(expanded, RDF_TYPE)) return { kind: 'unsupported', reason: 'a term other than @type maps to rdf:type' };
  const dataset = await jsonld.toRDF(expanded, { ...options, skipExpansion: true });

  const roles = new Map<number, 'iri' | 'literal'>();
  const mustInline = new Set<number>();
  const scan = (text: string | undefined): void => {
    if (text === undefined || !text.includes(marker)) return;
    for (const match of text.matchAll(new RegExp(`${marker}(\\d+)`, 'g'))) mustInline.add(Number(match[1]));
  };
  const place = (term: RdfTerm): TermTemplate => {
    const slot = placeholders.get(term.value);
    if (slot !== undefined && (term.termType === 'NamedNode' || term.termType === 'Literal')) {
      const role = term.termType === 'NamedNode' ? 'iri' : 'literal';
      // One string in two roles is not expected from JSON-LD; refuse rather than reason about it.
      if (roles.get(slot) !== undefined && roles.get(slot) !== role) mustInline.add(slot);
      roles.set(slot, role);
      scan(term.datatype?.value);
      scan(term.language);
      return { term, slot };
    }
    scan(term.value);
    scan(term.datatype?.value);
    scan(term.language);
    return { term, slot: -1 };
  };

  const quads: QuadTemplate[] = [];
  const seen = new Set<string>();
  for (const quad of dataset) {
    scan(quad.predicate.value);
    const template = {
      subject: place(quad.subject),
      predicate: quad.predicate,
      object: place(quad.object),
      graph: place(quad.graph),
      mayCollide: false,
    };
    const key = quadKey(quad.subject, quad.predicate, quad.object, quad.graph);
    if (seen.has(key)) return { kind: 'unsupported', reason: 'the RDF holds a quad twice' };
    seen.add(key);
    quads.push(template);
  }
  for (let slot = 0; slot < slotCount; slot++) {
    if (!inlined.has(slot) && !roles.has(slot)) mustInline.add(slot);
  }
  if (mustInline.size > 0) return { kind: 'inline', slots: [...mustInline].sort((a, b) => a - b) };

  markPossibleCollisions(quads);
  const iriSlots = [...roles].filter(([, role]) => role === 'iri').map(([slot]) => slot);
  return { kind: 'template', quads, iriSlots, contextTerms: await contextTermNames(input, documentLoader) };
}

// Absolute IRI characters that need no escaping anywhere (RFC 3986 unreserved, reserved and '%').
const VERBATIM_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):([A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*)$/;

/**
 * Would JSON-LD expansion copy this string unchanged wherever a placeholder IRI was copied unchanged?
 * jsonld.js' expandIri rewrites a string that is itself a term (where values are vocabulary-relative),
 * or a compact IRI whose prefix is a prefix term (unless the suffix starts with '//'), treats '_:'
 * as a blank node and resolves anything without a scheme against base or vocabulary. What is left
 * is an absolute IRI, which it returns as is. Only plain-ASCII IRIs are accepted here, as a margin.
 */
export function isVerbatimIri(value: string, contextTerms: ContextTerms): boolean {
  const match = VERBATIM_IRI.exec(value);
  if (match === null || contextTerms.all.has(value)) return false;
  const [, scheme = '', rest = ''] = match;
  return rest.startsWith('//') || !contextTerms.prefixes.has(scheme);
}

/**
 * The RDF dataset of a document of the template's shape, from its slot values. Equal IRIs merge
 * nodes in JSON-LD, and a dataset is a set, so a quad produced twice is kept once. Two equal literal
 * values for one subject and predicate are merged by JSON-LD only if their value objects agree on
 * more than RDF shows (@type, @language, @index), so that case returns undefined: general path.
 */
export function instantiate(template: RdfTemplate, values: readonly string[]): RdfQuad[] | undefined {
  const dataset: RdfQuad[] = [];
  const seen = new Set<string>();
  for (const quad of template.quads) {
    const subject = fill(quad.subject, values);
    const object = fill(quad.object, values);
    const graph = fill(quad.graph, values);
    if (!quad.mayCollide) {
      dataset.push({ subject, predicate: quad.predicate, object, graph });
      continue;
    }
    const key = quadKey(subject, quad.predicate, object, graph);
    if (seen.has(key)) {
      if (object.termType === 'Literal') return undefined;
      continue;
    }
    seen.add(key);
    dataset.push({ subject, predicate: quad.predicate, object, graph });
  }
  return dataset;
}

/**
 * Marks the quads that could become equal to another for some slot values: same predicate, the
 * same kind of term in each position (a slot keeps its template term's kind, datatype and language;
 * only the value changes), and equal values wherever both are constants. Blank nodes are constants,
 * so most quads (every one about an embedded node) never need the duplicate check.
 *
 * Exact and linear: quads are bucketed by their constant values on each subset of their constant
 * positions, counted by which positions are constant; two quads can unify exactly when they share
 * the bucket of the positions where both are constant.
 */
function markPossibleCollisions(quads: QuadTemplate[]): void {
  const groups = new Map<string, QuadTemplate[]>();
  for (const quad of quads) {
    const key = [quad.predicate.value, ...positions(quad).map(kindOf)].join('\u0000');
    const group = groups.get(key) ?? [];
    group.push(quad);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    // Constant-only quads are all different (compileShape checks): only slots can make a pair.
    if (group.length < 2 || !group.some((quad) => constantMask(quad) !== ALL_CONSTANT)) continue;
    const buckets = new Map<string, number[]>();
    for (const quad of group) {
      const mask = constantMask(quad);
      for (const subset of subsetsOf(mask)) {
        const key = projection(quad, subset);
        const counts = buckets.get(key) ?? new Array<number>(ALL_CONSTANT + 1).fill(0);
        counts[mask] = (counts[mask] ?? 0) + 1;
        buckets.set(key, counts);
      }
    }
    for (const quad of group) {
      const mask = constantMask(quad);
      quad.mayCollide = subsetsOf(mask).some((subset) => {
        const counts = buckets.get(projection(quad, subset)) ?? [];
        return counts.some((count, other) => {
          const others = other === mask && subset === mask ? count - 1 : count; // not itself
          return others > 0 && (mask & other) === subset;
        });
      });
    }
  }
}

const ALL_CONSTANT = 0b111;

function positions(quad: QuadTemplate): [TermTemplate, TermTemplate, TermTemplate] {
  return [quad.subject, quad.object, quad.graph];
}

function kindOf({ term }: TermTemplate): string {
  return `${term.termType} ${term.datatype?.value ?? ''} ${term.language ?? ''}`;
}

/** Bit i set: position i (subject, object, graph) is a constant. */
function constantMask(quad: QuadTemplate): number {
  return positions(quad).reduce((mask, term, i) => (term.slot < 0 ? mask | (1 << i) : mask), 0);
}

function subsetsOf(mask: number): number[] {
  const subsets: number[] = [];
  for (let subset = mask; ; subset = (subset - 1) & mask) {
    subsets.push(subset);
    if (subset === 0) return subsets;
  }
}

function projection(quad: QuadTemplate, subset: number): string {
  const parts = positions(quad).map((term, i) => (subset & (1 << i) ? termKey(term.term) : ''));
  return `${subset}\u0000${parts.join('\u0000')}`;
}

function termKey(term: RdfTerm): string {
  const parts = [term.termType, term.value, term.datatype?.value ?? '', term.language ?? ''];
  return parts.map((part) => `${part.length}:${part}`).join('');
}

function fill(template: TermTemplate, values: readonly string[]): RdfTerm {
  if (template.slot < 0) return template.term;
  const value = values[template.slot];
  if (value === undefined) throw new Error(`No value for slot ${template.slot}`);
  return { ...template.term, value };
}

// Length-prefixed, so that no value can forge a key from other values.
function quadKey(subject: RdfTerm, predicate: RdfTerm, object: RdfTerm, graph: RdfTerm): string {
  let key = '';
  for (const part of [
    subject.termType,
    subject.value,
    predicate.value,
    object.termType,
    object.value,
    object.datatype?.value ?? '',
    object.language ?? '',
    graph.termType,
    graph.value,
  ]) {
    key += `${part.length}:${part}`;
  }
  return key;
}

function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => hasKey(item, key));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([name, child]) => name === key || hasKey(child, key));
}
