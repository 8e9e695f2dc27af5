export { createDocumentLoader, type DocumentLoader, type DocumentLoaderOptions } from './document-loader.js';
export { generateEd25519Key, type Ed25519KeyMaterial } from './ed25519-key.js';
export { createEd25519Signer, type CredentialSigner } from './ed25519-signer.js';
export { didKeyIdentifiers } from './did-key.js';
export { didWebDocument, didWebFromUrl } from './did-web.js';
export { hashAccount, hashIdentity } from './identity-hash.js';
export type { LevelCredentialInput } from './level-credential.input.js';
export { buildLevelCredential } from './level-credential.builder.js';
export type {
  AnyCredentialFormat,
  CredentialFormat,
  CredentialSchemaCheck,
  UnsignedCredential,
} from './credential-format.js';
export {
  createCredentialFormatRegistry,
  credentialFormats,
  CredentialFormatRegistryError,
  UnknownCredentialFormatError,
  type CredentialFormatRegistry,
} from './credential-format-registry.js';
export { CREDENTIAL_FORMATS } from './formats/credential-formats.js';
export { OB3_LEVEL_FORMAT, ob3LevelFormat } from './formats/ob3-level/ob3-level.format.js';
export { signCredential, signCredentialStock, type SignCredentialArgs } from './credential-signer.js';
export { verifyProofsFast, type FastProofVerification } from './fast-proof-verifier.js';
export { verifyCredential } from './credential-verifier.js';
export type {
  CheckOutcome,
  CredentialStatusValue,
  VerificationCheck,
  VerificationReport,
} from './verification-report.js';
export type { StatusListLoader } from './status.check.js';
export {
  buildStatusListCredential,
  credentialStatusOf,
  statusListEntry,
  type StatusEntryRef,
  type StatusPurpose,
} from './status-list.js';
export { validateOpenBadgeSchema } from './open-badge-schema.validator.js';
export {
  DidResolutionError,
  DocumentNotBundledError,
  InvalidCredentialError,
  InvalidKeyError,
} from './credential-errors.js';
export { checkIssuableCredential, type CredentialProblem } from './issuable-credential.check.js';
export { verifyPresentation, type PresentationCheck, type PresentationReport } from './presentation-verifier.js';
export {
  assertWithinVerificationLimits,
  CREDENTIAL_LIMITS,
  PRESENTATION_LIMITS,
  type DocumentSize,
  type VerificationLimits,
} from './verification-limits.js';
export { VerificationLimitError, type VerificationLimit } from './verification-limit.error.js';
export {
  createStockVerifier,
  VerifierBusyError,
  type StockVerifier,
  type StockVerifierOptions,
} from './stock-verifier.js';
