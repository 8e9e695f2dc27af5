import * as didMethodKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { bundledContexts } from './bundled-contexts.js';
import { DidResolutionError, DocumentNotBundledError } from './credential-errors.js';
import { verificationMethodIn } from './did-document.js';

export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

export interface DocumentLoaderOptions {
  /** Resolves any DID other than did:key (e.g. our own did:web) to its DID document, or null if unknown. */
  resolveDid?: (did: string) => Promise<Record<string, unknown> | null>;
}

/** A JSON-LD document loader that serves bundled contexts and resolves DIDs, and never touches the network. */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const didKeyDriver = didMethodKey.driver();
  // z6Mk is the multibase prefix of every Ed25519 public key.
  didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

  const resolveDidKey = async (url: string): Promise<unknown> => {
    const [did = url, fragment] = url.split('#', 2);
    // A did:key has exactly one key, named by the key itself; the driver would answer any fragment.
    if (fragment !== undefined && fragment !== did.slice('did:key:'.length)) {
      throw new DidResolutionError(url, 'the DID has no such verification method');
    }
    try {
      return await didKeyDriver.get({ url });
    } catch (error) {
      throw new DidResolutionError(url, (error as Error).message);
    }
  };

  const resolveOtherDid = async (url: string): Promise<unknown> => {
    const [did = url, fragment] = url.split('#', 2);
    if (options.resolveDid === undefined)
      throw new DidResolutionError(url, 'no resolver for this DID method is configured');
    const document = await options.resolveDid(did);
    if (document === null) throw new DidResolutionError(url, 'the DID is unknown');
    if (fragment === undefined) return document;
    // Proof verification expects the key itself (with a context), not the whole DID document.
    const method = verificationMethodIn(document, url);
    if (method === undefined) throw new DidResolutionError(url, 'the DID document has no such verification method');
    return { '@context': document['@context'], ...method };
  };

  return async (url) => {
    let document: unknown = bundledContexts.get(url);
    if (document === undefined) {
      if (url.startsWith('did:key:')) document = await resolveDidKey(url);
      else if (url.startsWith('did:')) document = await resolveOtherDid(url);
      else throw new DocumentNotBundledError(url);
    }
    return { contextUrl: null, documentUrl: url, document };
  };
}
