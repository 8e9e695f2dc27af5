import { randomBytes } from 'node:crypto';
import jsonld from 'jsonld';
import type { RdfQuad, RdfTerm } from 'rdf-canonize';
import { contextTermNames } from './context-terms.js';
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
}

/** The RDF of one shape with its slots marked: filling them in gives the RDF of any document of the shape. */
export interface RdfTemplate {
  kind: 'template';
  quads: QuadTemplate[];
  /** Slots that become IRIs; a document's value must pass isVerbatimIri or be compiled in as a constant. */
  iriSlots: number[];
  contextTerms: ReadonlySet<string>;
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

  const options = toRdfOptions(documentLoader);
  const expanded = await jsonld.expand(input, { documentLoader, base: null, safe: true });
  if (hasKey(expanded, '@index')) return { kind: 'unsupported', reason: 'the document uses @index' };
  // rdf:type quads then come from two node properties (@type and this one), which JSON-LD does not merge.
  if (hasKey(expanded, RDF_TYPE)) return { kind: 'unsupported', reason: 'a term other than @type maps to rdf:type' };
  const dataset = await jsonld.toRDF(input, options);

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

  const iriSlots = [...roles].filter(([, role]) => role === 'iri').map(([slot]) => slot);
  return { kind: 'template', quads, iriSlots, contextTerms: await contextTermNames(input, documentLoader) };
}

// Absolute IRI characters that need no escaping anywhere (RFC 3986 unreserved, reserved and '%').
const VERBATIM_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):([A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*)$/;

/**
 * Would JSON-LD expansion copy this string unchanged wherever a placeholder IRI was copied unchanged?
 * It rewrites a string that is itself a term, or a compact IRI whose prefix is a term (unless the
 * suffix starts with '//'), treats '_:' as a blank node and resolves anything without a scheme
 * against base or vocabulary. What is left is an absolute IRI, taken as is.
 */
export function isVerbatimIri(value: string, contextTerms: ReadonlySet<string>): boolean {
  const match = VERBATIM_IRI.exec(value);
  if (match === null || contextTerms.has(value)) return false;
  const [, scheme = '', rest = ''] = match;
  return rest.startsWith('//') || !contextTerms.has(scheme);
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
