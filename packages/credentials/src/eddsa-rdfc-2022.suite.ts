import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { CredentialSigner } from './ed25519-signer.js';

/** eddsa-rdfc-2022 (not the faster eddsa-jcs-2022): Open Badges 3.0 certification requires RDF canonicalisation. */
export function eddsaRdfc2022Suite(options: { signer?: CredentialSigner; date?: Date } = {}): DataIntegrityProof {
  return new DataIntegrityProof({ cryptosuite, signer: options.signer, date: options.date });
}
