import { afterEach, describe, expect, it, vi } from 'vitest';
import { DidResolutionError, DocumentNotBundledError } from './credential-errors.js';
import { didKeyIdentifiers } from './did-key.js';
import { didWebDocument } from './did-web.js';
import { createDocumentLoader } from './document-loader.js';

// A fixed Ed25519 public key, so the did:key document is known in advance.
const PUBLIC_KEY = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const { did, verificationMethodId } = didKeyIdentifiers(PUBLIC_KEY);

describe('createDocumentLoader', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    'https://www.w3.org/ns/credentials/v2',
    'https://www.w3.org/2018/credentials/v1',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    'https://www.w3.org/ns/did/v1',
    'https://w3id.org/security/multikey/v1',
    'https://w3id.org/security/data-integrity/v2',
  ])('serves the bundled context %s', async (url) => {
    const loaded = await createDocumentLoader()(url);
    expect(loaded.contextUrl).toBeNull();
    expect(loaded.documentUrl).toBe(url);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any
    expect(loaded.document).toMatchObject({ '@context': expect.any(Object) });
  });

  it.each([
    'https://example.com/contexts/custom.json',
    // OB 3.0.1 redefines protected VC 2.0 terms, so it is deliberately not bundled.
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  ])('refuses %s, saying it never fetches', async (url) => {
    const load = createDocumentLoader()(url);
    await expect(load).rejects.toBeInstanceOf(DocumentNotBundledError);
    await expect(load).rejects.toThrow(/not bundled.*never fetches/);
  });

  it('resolves a did:key document offline', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { document } = await createDocumentLoader()(did);
    expect(document).toMatchObject({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [
        { id: verificationMethodId, type: 'Multikey', controller: did, publicKeyMultibase: PUBLIC_KEY },
      ],
      assertionMethod: [verificationMethodId],
    });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('resolves a did:key verification method to the key itself, with its context', async () => {
    const { document } = await createDocumentLoader()(verificationMethodId);
    expect(document).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: verificationMethodId,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: PUBLIC_KEY,
    });
  });

  it('rejects a did:key fragment that is not its key', async () => {
    await expect(createDocumentLoader()(`${did}#key-1`)).rejects.toBeInstanceOf(DidResolutionError);
  });

  describe('other DID methods', () => {
    const webDid = 'did:web:attain.example';
    const webDocument = didWebDocument(webDid, [{ id: `${webDid}#key-1`, publicKeyMultibase: PUBLIC_KEY }]);

    it('asks resolveDid for the DID without its fragment and returns the verification method for a key URL', async () => {
      const resolveDid = vi.fn((requested: string) => Promise.resolve(requested === webDid ? webDocument : null));
      const loader = createDocumentLoader({ resolveDid });
      const { document } = await loader(`${webDid}#key-1`);
      expect(resolveDid).toHaveBeenCalledWith(webDid);
      expect(document).toEqual({
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: `${webDid}#key-1`,
        type: 'Multikey',
        controller: webDid,
        publicKeyMultibase: PUBLIC_KEY,
      });
      expect((await loader(webDid)).document).toBe(webDocument);
    });

    it('fails clearly for an unknown DID, an unknown key, or no resolver', async () => {
      const loader = createDocumentLoader({
        resolveDid: (requested) => Promise.resolve(requested === webDid ? webDocument : null),
      });
      await expect(loader('did:web:unknown.example')).rejects.toThrow(/unknown/);
      await expect(loader(`${webDid}#key-9`)).rejects.toThrow(/no such verification method/);
      await expect(createDocumentLoader()(webDid)).rejects.toBeInstanceOf(DidResolutionError);
    });
  });
});
