import { describe, expect, it } from 'vitest';
import { didWebDocument, didWebFromUrl } from './did-web.js';

describe('didWebFromUrl', () => {
  it.each([
    ['https://example.com:8443/base', 'did:web:example.com%3A8443:base'],
    ['https://attain.example', 'did:web:attain.example'],
    ['https://attain.example/', 'did:web:attain.example'],
    ['https://Attain.Example/issuers/acme/', 'did:web:attain.example:issuers:acme'],
    ['https://attain.example:443/x', 'did:web:attain.example:x'],
    ['http://localhost:3000', 'did:web:localhost%3A3000'],
  ])('%s -> %s', (url, did) => {
    expect(didWebFromUrl(url)).toBe(did);
  });

  it('refuses a non-http URL', () => {
    expect(() => didWebFromUrl('ftp://attain.example')).toThrow(/http/);
  });
});

describe('didWebDocument', () => {
  it('lists every key as a Multikey for assertion and authentication', () => {
    const did = 'did:web:attain.example';
    expect(
      didWebDocument(did, [
        { id: `${did}#key-1`, publicKeyMultibase: 'z6MkOld' },
        { id: `${did}#key-2`, publicKeyMultibase: 'z6MkNew' },
      ]),
    ).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [
        { id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkOld' },
        { id: `${did}#key-2`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkNew' },
      ],
      assertionMethod: [`${did}#key-1`, `${did}#key-2`],
      authentication: [`${did}#key-1`, `${did}#key-2`],
    });
  });
});
