import jsonld from 'jsonld';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCredentialFast, signCredentialStock } from './credential-signer.js';
import { didKeyIdentifiers } from './did-key.js';
import { createDocumentLoader } from './document-loader.js';
import { generateEd25519Key } from './ed25519-key.js';
import { createEd25519Signer, type CredentialSigner } from './ed25519-signer.js';
import { NotTemplatableError, shapeOf } from './json-shape.js';
import { levelCredentialInput, SIGNED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import { isVerbatimIri } from './rdf-template.js';
import { canonizeDocument } from './templated-canonize.js';

const documentLoader = createDocumentLoader();
const ISSUER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const EXTRA_CONTEXT = {
  ex: 'https://example.org/ns#',
  tags: { '@id': 'ex:tags', '@container': '@index' },
  payload: { '@id': 'ex:payload', '@type': '@json' },
  seeAlso: { '@id': 'ex:seeAlso', '@type': '@id' },
  kind: { '@id': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', '@type': '@id' },
};

function reference(document: Record<string, unknown>): Promise<string> {
  return jsonld.canonize(document, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    base: null,
    safe: true,
    rdfDirection: 'i18n-datatype',
    documentLoader,
  });
}

/** A level credential with extra top-level properties defined by an inline context. */
function extended(extra: Record<string, unknown>, id = 'urn:uuid:0'): Record<string, unknown> {
  const credential = buildLevelCredential(levelCredentialInput(ISSUER, { id }));
  return { ...credential, '@context': [...(credential['@context'] as string[]), EXTRA_CONTEXT], ...extra };
}

describe('shapeOf', () => {
  it('gives credentials that differ only in strings the same key, and collects the strings', () => {
    const a = shapeOf(buildLevelCredential(levelCredentialInput(ISSUER)));
    const b = shapeOf(
      buildLevelCredential(levelCredentialInput('did:web:other.example', { id: 'urn:uuid:1', validFrom: new Date(0) })),
    );
    expect(a.key).toBe(b.key);
    expect(a.values).toContain(ISSUER);
    expect(b.values).toContain('did:web:other.example');
    expect(a.values).toHaveLength(b.values.length);
  });

  it('keeps @context, type, keys, array lengths and non-strings in the key', () => {
    const base = { '@context': ['a'], type: ['X'], name: 'n', list: ['p', 'q'], n: 1, ok: true, none: null };
    const key = shapeOf(base).key;
    for (const variant of [
      { ...base, '@context': ['b'] },
      { ...base, type: ['Y'] },
      { ...base, title: 'n', name: undefined },
      { ...base, list: ['p'] },
      { ...base, n: 2 },
      { ...base, ok: false },
      { ...base, none: 'null' },
      { ...base, nested: { '@language': 'en' } },
    ]) {
      expect(shapeOf(JSON.parse(JSON.stringify(variant))).key).not.toBe(key);
    }
    expect(shapeOf({ ...base, name: 'other' }).key).toBe(key);
    expect(shapeOf({ ...base, '@id': 'x' }).values).toEqual(['n', 'p', 'q', 'x']);
  });

  it.each<[string, unknown]>([
    ['undefined', { a: undefined }],
    ['NaN', { a: Number.NaN }],
    ['a Date', { a: new Date(0) }],
    ['a hole', { a: [1, , 2] }], // eslint-disable-line no-sparse-arrays
    ['a __proto__ key', JSON.parse('{"__proto__": {"a": 1}}')],
    ['undefined under @context', { '@context': [undefined] }],
  ])('refuses %s', (_name, document) => {
    expect(() => shapeOf(document)).toThrow(NotTemplatableError);
  });
});

describe('isVerbatimIri', () => {
  const terms = { all: new Set(['ex', 'name', 'https://example.org/term']), prefixes: new Set(['ex', 'xsd']) };
  it.each([
    ['https://example.org/a?b=c#d', true],
    ['urn:uuid:6f1c7a52-3b8e-4d21-9a57-0c2e8f4b9d13', true],
    ['did:key:z6Mk#z6Mk', true],
    ['tag:attain.example,2026:x', true],
    ['ex://host/path', true], // '//' after the colon: never a compact IRI
    ['ex:thing', false], // a prefix term: expands
    ['xsd:string', false],
    ['https://example.org/term', false], // a term itself
    ['name', false],
    ['_:b0', false],
    ['relative/path', false],
    ['https://example.org/with space', false],
    ['https://example.org/ünïcode', false],
    ['https://example.org/<angle>', false],
    ['', false],
  ])('%j → %s', (value, verbatim) => {
    expect(isVerbatimIri(value, terms)).toBe(verbatim);
  });
});

describe('canonizeDocument', () => {
  it('matches jsonld.canonize, from a template, for credentials of one shape', async () => {
    for (const id of ['urn:uuid:a', 'https://attain.example/credentials/b', 'did:web:attain.example:c']) {
      const credential = buildLevelCredential(levelCredentialInput(ISSUER, { id }));
      const result = await canonizeDocument(credential, documentLoader);
      expect(result).toEqual({ nquads: await reference(credential), templated: true });
    }
  });

  it('merges nodes with equal ids, as JSON-LD does (repeated evidence)', async () => {
    const evidence = [
      { id: 'https://attain.example/events/1', name: 'First' },
      { id: 'https://attain.example/events/1', name: 'Second', narrative: 'Same event, described twice.' },
    ];
    const credential = buildLevelCredential(levelCredentialInput(ISSUER, { evidence }));
    const result = await canonizeDocument(credential, documentLoader);
    expect(result).toEqual({ nquads: await reference(credential), templated: true });
  });

  it('leaves two equal literals on one merged node to the general path', async () => {
    const evidence = [
      { id: 'https://attain.example/events/1', name: 'Same' },
      { id: 'https://attain.example/events/1', name: 'Same' },
    ];
    const credential = buildLevelCredential(levelCredentialInput(ISSUER, { evidence }));
    const result = await canonizeDocument(credential, documentLoader);
    expect(result).toEqual({ nquads: await reference(credential), templated: false });
  });

  it('takes the general path for a shape with @index, and for a term mapped to rdf:type', async () => {
    for (const extra of [{ tags: { first: 'a', second: 'b' } }, { kind: 'https://example.org/Kind' }]) {
      const document = extended(extra);
      expect(await canonizeDocument(document, documentLoader)).toEqual({
        nquads: await reference(document),
        templated: false,
      });
    }
  });

  it('takes the general path for values that are not plain JSON, with the same outcome', async () => {
    const document = extended({ payload: { when: new Date(0) } });
    const expected = await reference(document).then(
      (nquads) => ({ nquads }),
      (error: unknown) => ({ error: (error as Error).message }),
    );
    const actual = await canonizeDocument(document, documentLoader).then(
      ({ nquads, templated }) => {
        expect(templated).toBe(false);
        return { nquads };
      },
      (error: unknown) => ({ error: (error as Error).message }),
    );
    expect(actual).toEqual(expected);
  });

  it('compiles a value into the template where it does not pass through whole (@json), from its second sighting', async () => {
    const document = extended({ payload: 'a JSON string' });
    const first = await canonizeDocument(document, documentLoader);
    const second = await canonizeDocument(document, documentLoader);
    expect(first).toEqual({ nquads: await reference(document), templated: false });
    expect(second).toEqual({ nquads: first.nquads, templated: true });
    const other = extended({ payload: 'another JSON string' });
    expect(await canonizeDocument(other, documentLoader)).toEqual({ nquads: await reference(other), templated: false });
  });

  it('compiles an IRI a context rewrites (a compact IRI, a blank node id) into the template', async () => {
    for (const seeAlso of ['ex:thing', '_:b0', 'https://example.org/ünïcode']) {
      const document = extended({ seeAlso });
      const expected = await reference(document);
      expect(await canonizeDocument(document, documentLoader)).toEqual({ nquads: expected, templated: false });
      expect(await canonizeDocument(document, documentLoader)).toEqual({ nquads: expected, templated: true });
    }
    const plain = extended({ seeAlso: 'https://example.org/thing' });
    expect(await canonizeDocument(plain, documentLoader)).toEqual({ nquads: await reference(plain), templated: true });
  });
});

describe('signCredentialFast on shapes the templates do not cover', () => {
  let signer: CredentialSigner;
  beforeAll(async () => {
    const key = await generateEd25519Key();
    signer = createEd25519Signer(key, didKeyIdentifiers(key.publicKeyMultibase).verificationMethodId);
  });

  it('falls back to general canonicalisation and still signs exactly as the stock path', async () => {
    for (const extra of [{ tags: { first: 'a' } }, { kind: 'https://example.org/Kind' }, { payload: 'x' }]) {
      const args = { credential: extended(extra), signer, documentLoader, now: SIGNED_AT };
      expect(await signCredentialFast(args)).toStrictEqual(await signCredentialStock(args));
    }
  });
});
