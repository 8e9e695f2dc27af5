import * as vc from '@digitalbazaar/vc';
import { InvalidCredentialError } from './credential-errors.js';
import type { DocumentLoader } from './document-loader.js';
import type { CredentialSigner } from './ed25519-signer.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { isDateTimeWithZone } from './xsd-date-time.js';

/**
 * Adds an eddsa-rdfc-2022 DataIntegrityProof (purpose assertionMethod). `proof` is returned as a
 * one-element array: the OB 3.0 JSON Schema requires an array, VC 2.0 allows both, and the proof is
 * not part of what is signed. Without `now`, the library stamps `created` with the current time.
 */
export async function signCredential(args: {
  credential: Record<string, unknown>;
  signer: CredentialSigner;
  documentLoader: DocumentLoader;
  now?: Date;
}): Promise<Record<string, unknown>> {
  const { credential, signer, documentLoader, now } = args;
  // The vc library neither adds validFrom nor rejects one without a time zone; OB 3.0 needs validFrom,
  // and VC 2.0 a time zone on it. (VC 1.1 documents carry issuanceDate, which the library adds.)
  const types: unknown[] = Array.isArray(credential.type) ? credential.type : [credential.type];
  const openBadge = types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
  if ((openBadge || credential.validFrom !== undefined) && !isDateTimeWithZone(credential.validFrom)) {
    throw new InvalidCredentialError(
      `validFrom must be a date-time with a time zone, got ${JSON.stringify(credential.validFrom)}.`,
    );
  }
  if (credential.validUntil !== undefined && !isDateTimeWithZone(credential.validUntil)) {
    throw new InvalidCredentialError(
      `validUntil must be a date-time with a time zone, got ${JSON.stringify(credential.validUntil)}.`,
    );
  }
  if (credential.proof !== undefined) throw new InvalidCredentialError('The credential already has a proof.');

  const signed = await vc.issue({
    credential: structuredClone(credential), // issue() writes into the object it is given
    suite: eddsaRdfc2022Suite({ signer, date: now }),
    documentLoader,
    now,
  });
  const { proof, ...rest } = signed;
  return { ...rest, proof: Array.isArray(proof) ? proof : [proof] };
}
