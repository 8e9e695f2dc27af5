import canonicalizeModule from 'canonicalize';

// A CommonJS package whose types declare an ES default export: under NodeNext the default import
// is module.exports itself, which is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * RFC 8785 (JSON Canonicalization Scheme) text: the same content always gives the same text, so
 * it can be hashed. From the `canonicalize` package rather than written again here.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
