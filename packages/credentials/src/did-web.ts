import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './bundled-contexts.js';

/** did:web for a public base URL: https://example.com:8443/base -> did:web:example.com%3A8443:base */
export function didWebFromUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`did:web needs an http(s) URL, got "${publicUrl}"`);
  }
  // The did:web method reserves ':' as its path separator, so a port's ':' is percent-encoded.
  const host = url.host.replaceAll(':', '%3A');
  const segments = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replaceAll(':', '%3A'));
  return ['did:web', host, ...segments].join(':');
}

/**
 * The DID document to publish for a did:web issuer. Every key ever used stays listed, so
 * credentials signed with a retired key keep verifying.
 */
export function didWebDocument(
  did: string,
  keys: { id: string; publicKeyMultibase: string }[],
): Record<string, unknown> {
  const ids = keys.map((key) => key.id);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: keys.map((key) => ({
      id: key.id,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
    })),
    assertionMethod: ids,
    authentication: ids,
  };
}
