import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem } from '../support/test-system.js';

type Json = Record<string, unknown>;
const V2 = 'https://www.w3.org/ns/credentials/v2';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

// Digests computed here over bytes of our own, in the forms the W3C VC 2.0 suite's fixtures use:
// SRI sha384 (standard base64), multibase `u` over a bare SHA-256, and (Data Integrity §2.6) `z` over a multihash.
const bytes = Buffer.from('{"@context":{"related":"resource"}}');
const SRI = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const MULTIBASE = `u${createHash('sha256').update(bytes).digest('base64url')}`;
const MULTIHASH_Z = 'zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'; // the Data Integrity spec's example form
const OTHER_SRI = `sha384-${createHash('sha384').update('something else').digest('base64')}`;

/** The W3C VC 2.0 suite's minimal credential: its `issuer` filled in by the caller, as the suite does. */
const credential = (extra: Json = {}): Json => ({
  '@context': [V2],
  type: ['VerifiableCredential'],
  credentialSubject: { name: 'Alice' },
  ...extra,
});

describe('VC-API issuer: relatedResource and issuer as VC 2.0 requires', () => {
  let system: TestSystem;
  let did: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    did = system.runtime.issuer.did;
  });
  afterAll(async () => {
    await system.close();
  });

  const issue = (body: unknown) => system.admin('POST', '/credentials/issue', body);
  const pointers = (json: Json): string[] => ((json.errors ?? []) as { pointer: string }[]).map((e) => e.pointer);

  it.each<[string, unknown]>([
    ['one object with digestSRI', { id: V2, digestSRI: SRI }],
    ['one object with digestMultibase', { id: V2, digestMultibase: MULTIBASE }],
    ['an array with a mediaType', [{ id: V2, mediaType: 'application/ld+json', digestSRI: SRI }]],
    ['a multihash in base58btc', [{ id: 'https://university.example/images/58473', digestMultibase: MULTIHASH_Z }]],
    [
      'two resources, both digests',
      [
        { id: V2, digestSRI: SRI, digestMultibase: [MULTIBASE] },
        { id: 'https://example.org/terms.pdf', digestSRI: `${SRI} ${OTHER_SRI}` },
      ],
    ],
  ])('signs a credential whose relatedResource is %s', async (_name, relatedResource) => {
    const response = await issue({ credential: credential({ issuer: did, relatedResource }) });
    expect(response.statusCode, JSON.stringify(response.json)).toBe(201);
    expect((response.json.verifiableCredential as Json).relatedResource).toEqual(relatedResource);
  });

  it.each<[string, unknown, string]>([
    ['an array of strings', [V2], '/credential/relatedResource/0'],
    ['a string', V2, '/credential/relatedResource'],
    ['an empty array', [], '/credential/relatedResource'],
    ['an object without id', [{ digestMultibase: MULTIBASE }], '/credential/relatedResource/0/id'],
    ['an id that is not a URL', [{ id: 'not a url', digestSRI: SRI }], '/credential/relatedResource/0/id'],
    [
      'a duplicate id',
      [
        { id: V2, digestSRI: SRI },
        { id: V2, digestMultibase: MULTIBASE },
      ],
      '/credential/relatedResource/1/id',
    ],
    ['an object without a digest', [{ id: V2 }], '/credential/relatedResource/0'],
    [
      'an object with only a mediaType',
      [{ id: V2, mediaType: 'application/ld+json' }],
      '/credential/relatedResource/0',
    ],
    [
      'an SRI with an unknown algorithm',
      [{ id: V2, digestSRI: `md5-${createHash('md5').update(bytes).digest('base64')}` }],
      '/credential/relatedResource/0/digestSRI',
    ],
    [
      'an SRI whose digest is too short for sha384',
      [{ id: V2, digestSRI: `sha384-${createHash('sha256').update(bytes).digest('base64')}` }],
      '/credential/relatedResource/0/digestSRI',
    ],
    [
      'an SRI without an algorithm',
      [{ id: V2, digestSRI: createHash('sha384').update(bytes).digest('base64') }],
      '/credential/relatedResource/0/digestSRI',
    ],
    ['an SRI that is not a string', [{ id: V2, digestSRI: [SRI] }], '/credential/relatedResource/0/digestSRI'],
    [
      'a multibase digest in hex without a prefix',
      [{ id: V2, digestMultibase: createHash('sha256').update(bytes).digest('hex') }],
      '/credential/relatedResource/0/digestMultibase',
    ],
    [
      'a multibase digest of no hash length',
      [{ id: V2, digestMultibase: `u${Buffer.from('short').toString('base64url')}` }],
      '/credential/relatedResource/0/digestMultibase',
    ],
    [
      'a base58 digest with a character outside base58',
      [{ id: V2, digestMultibase: `${MULTIHASH_Z.slice(0, -1)}0` }],
      '/credential/relatedResource/0/digestMultibase',
    ],
    [
      'a mediaType that is not one',
      [{ id: V2, digestSRI: SRI, mediaType: 'json' }],
      '/credential/relatedResource/0/mediaType',
    ],
  ])(
    'refuses a relatedResource that is %s with 400 and a pointer, keeping nothing',
    async (_name, relatedResource, pointer) => {
      const response = await issue({ credential: credential({ issuer: did, relatedResource }) });
      expect(response.statusCode).toBe(400);
      expect(response.json.code).toBe('invalid_credential');
      expect(pointers(response.json)).toContain(pointer);
    },
  );

  it('does not refuse a well-formed digest of a context it bundles: its copy is not the bytes the URL serves', async () => {
    const response = await issue({
      credential: credential({
        issuer: did,
        relatedResource: [
          { id: V2, digestSRI: OTHER_SRI },
          { id: EXAMPLES, digestSRI: OTHER_SRI },
        ],
      }),
    });
    expect(response.statusCode).toBe(201);
  });

  it('refuses a credential without issuer, naming /credential/issuer, instead of signing it as the default issuer', async () => {
    const response = await issue({ credential: credential() });
    expect(response.statusCode).toBe(400);
    expect(response.json.code).toBe('invalid_credential');
    expect(pointers(response.json)).toEqual(['/credential/issuer']);
    // Reported together with the credential's other faults.
    const both = await issue({ credential: credential({ relatedResource: [V2] }) });
    expect(pointers(both.json).sort()).toEqual(['/credential/issuer', '/credential/relatedResource/0']);
  });

  it('signs a credential without issuer when options.issuer names one of this service’s issuers', async () => {
    for (const name of [did, 'default']) {
      const response = await issue({ credential: credential(), options: { issuer: name } });
      expect(response.statusCode, JSON.stringify(response.json)).toBe(201);
      expect((response.json.verifiableCredential as Json).issuer).toBe(did);
    }
    const verified = await system.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: {
        verifiableCredential: (await issue({ credential: credential(), options: { issuer: did } })).json
          .verifiableCredential,
      },
    });
    expect(verified.json()).toMatchObject({ verified: true });
  });

  it('refuses an options.issuer that is not one of this service’s, or that contradicts the credential', async () => {
    for (const name of ['did:example:another-brokerage', 'nobody', 42]) {
      const response = await issue({ credential: credential(), options: { issuer: name } });
      expect(response.statusCode).toBe(400);
      expect(response.json.code).toBe('invalid_options');
      expect(pointers(response.json)).toEqual(['/options/issuer']);
    }
    const academy = await system.admin('POST', '/admin/issuers', {
      id: 'academy',
      name: 'Brokerage Training Academy',
      url: 'https://academy.brokerage.example',
      email: 'credentials@academy.brokerage.example',
      image: 'https://academy.brokerage.example/logo.png',
    });
    expect(academy.statusCode).toBe(201);
    const contradiction = await issue({ credential: credential({ issuer: did }), options: { issuer: 'academy' } });
    expect(contradiction.statusCode).toBe(400);
    expect(contradiction.json.code).toBe('issuer_mismatch');
    expect(pointers(contradiction.json)).toEqual(['/options/issuer']);
  });
});
