export { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export {
  checkKeyEncryptionKey,
  issuerDidWeb,
  loadIssuer,
  loadIssuers,
  newSealedSigningKey,
  type Issuer,
  type IssuerProfile,
  type IssuerRegistry,
} from './issuer.js';
export { importFrameworkFile, importBundledFramework, type FrameworkImport } from './framework-import.js';
export { loadKeyEncryptionKey } from './key-encryption-key.js';
export { sealSecret, openSecret, SecretBoxError } from './sealed-box.js';
export { openDatabase, openEmbeddedDatabase, openPostgresQueues, openRedis } from './service-checks.js';
export { chooseStores, type StoreChoice } from './stores.js';
export { StartupError, displayUrl } from './startup-error.js';
export { installShutdown, exitOnStartupFailure } from './shutdown.js';
export {
  signIngestBody,
  checkIngestSignature,
  checkIngestTimestamp,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  CLIENT_HEADER,
  type SignatureCheck,
} from './ingest-signature.js';
export { newLmsClientSecrets, hashXapiSecret, type LmsClientSecrets } from './lms-client-credentials.js';
export {
  authenticateAdminToken,
  hashToken,
  loadBootstrapAdminToken,
  newAdminToken,
  type AdminPrincipal,
} from './admin-token.js';
export { createStatusLists, type SignedStatusList, type StatusLists } from './status-lists.js';
export {
  changeCredentialStatus,
  stateOf,
  statusCredentialId,
  StatusChangeError,
  type CredentialState,
  type StatusAction,
  type StatusChange,
} from './credential-status.js';
export { issueRequestedCredential, IssueRequestError, type IssueDeps } from './vc-api-issue.js';
export { metrics, metricsText, registerMetricsSource, startMetricsServer } from './metrics.js';
