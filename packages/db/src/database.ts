import type { ColumnType, Generated, JSONColumnType } from 'kysely';

// Row types stay inside this package; repositories hand out domain objects.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;

export interface FrameworksTable {
  framework_id: string;
  version: string;
  title: string;
  document: ColumnType<unknown, string, string>;
  content_hash: string;
  imported_at: Timestamp;
}

export interface StatementsTable {
  framework_id: string;
  version: string;
  code: string;
  level_key: string;
  position: number;
  text: string;
}

export interface AttainmentPoliciesTable {
  framework_id: string;
  version: string;
  policy: ColumnType<unknown, string, string>;
  policy_version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface LmsClientsTable {
  id: Generated<string>;
  name: string;
  hmac_secret_sealed: string;
  xapi_key: string | null;
  xapi_secret_hash: string | null;
  created_at: Timestamp;
  disabled_at: Date | null;
  webhook_url: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LearnersTable {
  id: Generated<string>;
  lms_client_id: string;
  lms_user_id: string;
  email: string | null;
  identity_type: ColumnType<string, string | undefined, string>;
  identity: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** SHA-256 (hex) of the progress link's token; the token itself is never stored. */
  progress_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export type EventStatus = 'received' | 'mapped' | 'unmapped' | 'voided';

export interface AssessmentEventsTable {
  id: Generated<string>;
  lms_client_id: string;
  event_id: string;
  learner_id: string;
  activity_id: string;
  score_scaled: number | null;
  score_raw: number | null;
  score_min: number | null;
  score_max: number | null;
  passed: boolean | null;
  completion: boolean | null;
  voided_by: string | null;
  completed_at: RequiredTimestamp;
  received_at: Timestamp;
  source: string;
  status: ColumnType<EventStatus, EventStatus | undefined, EventStatus>;
  payload: ColumnType<unknown, string, string>;
}

export interface ActivityMappingsTable {
  activity_id: string;
  framework_id: string;
  version: string;
  statement_code: string;
  created_at: Timestamp;
}

export interface EvidenceTable {
  event_id: string;
  framework_id: string;
  version: string;
  statement_code: string;
  learner_id: string;
  passed: boolean | null;
  score_scaled: number | null;
  occurred_at: RequiredTimestamp;
}

export interface AttainmentsTable {
  id: string;
  learner_id: string;
  framework_id: string;
  version: string;
  level_key: string;
  attained_at: RequiredTimestamp;
  recipient_salt: string;
  evidence_event_ids: string[];
  policy_version: number | null;
  unsupported_since: Date | null;
  created_at: Timestamp;
  round: Generated<number>;
}

export interface SigningKeysTable {
  id: Generated<string>;
  seq: Generated<number>;
  public_key_multibase: string;
  secret_key_sealed: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  issuer_id: ColumnType<string, string | undefined, string>;
}

export interface CredentialsTable {
  id: string;
  attainment_id: string;
  learner_id: string;
  issuer_did: string;
  verification_method: string;
  document: JSONColumnType<Record<string, unknown>>;
  valid_from: RequiredTimestamp;
  valid_until: Date | string | null;
  issued_at: Timestamp;
  version: Generated<number>;
  round: Generated<number>;
}

export interface CredentialVersionsTable {
  credential_id: string;
  version: number;
  document: JSONColumnType<Record<string, unknown>>;
  valid_from: RequiredTimestamp;
  valid_until: Date | null;
  superseded_at: RequiredTimestamp;
  reason: string;
}

export interface VcApiCredentialsTable {
  credential_id: string;
  issuer_did: string;
  document: JSONColumnType<Record<string, unknown>>;
  issued_by: string;
  issued_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  job_key: string;
  generation: ColumnType<number, number | undefined, number>;
  payload: JSONColumnType<Record<string, unknown>>;
  attempts: ColumnType<number, number | undefined, number>;
  available_at: RequiredTimestamp;
  created_at: Timestamp;
  failures: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  dead_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  started_generation: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface XapiStatementsTable {
  lms_client_id: string;
  statement_id: string;
  content_hash: string;
  statement: ColumnType<unknown, string, string>;
  voiding: ColumnType<boolean, boolean | undefined, boolean>;
  voided_by: string | null;
  voids_target: string | null;
  event_id: string | null;
  stored_at: Timestamp;
}

export interface AdminTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export interface IngestSignaturesTable {
  signature: string;
  seen_at: Timestamp;
}

export interface AuditEventsTable {
  seq: Generated<string>;
  at: RequiredTimestamp;
  actor: string;
  action: string;
  subject: string;
  reason: string | null;
  data: ColumnType<unknown, string, string>;
  prev_hash: string;
  hash: string;
}

export interface StatusListsTable {
  id: Generated<string>;
  issuer_did: string;
  purpose: 'revocation' | 'suspension';
  length: number;
  full: Generated<boolean>;
  version: ColumnType<string, never, string>;
  published_version: ColumnType<string | null, never, string | null>;
  document: ColumnType<Record<string, unknown> | null, never, string>;
  valid_until: ColumnType<Date | null, never, Date>;
  created_at: Timestamp;
}

export interface StatusEntriesTable {
  list_id: string;
  idx: number;
  credential_id: string;
  purpose: 'revocation' | 'suspension';
  is_set: Generated<boolean>;
  reason: string | null;
  changed_at: Date | null;
  created_at: Timestamp;
}

export interface IssuersTable {
  id: string;
  name: string;
  url: string | null;
  email: string | null;
  image: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FrameworkIssuersTable {
  framework_id: string;
  issuer_id: string;
  assigned_at: Timestamp;
}

export interface DeliveriesTable {
  id: Generated<string>;
  /** Named by the delivery channel registry (`@attain/notifications`); the database lists none. */
  channel: string;
  credential_id: string;
  lms_client_id: string | null;
  status: Generated<'pending' | 'delivered' | 'dead'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: Date | null;
}

export interface Database {
  deliveries: DeliveriesTable;
  issuers: IssuersTable;
  framework_issuers: FrameworkIssuersTable;
  credential_versions: CredentialVersionsTable;
  vc_api_credentials: VcApiCredentialsTable;
  status_lists: StatusListsTable;
  status_entries: StatusEntriesTable;
  frameworks: FrameworksTable;
  statements: StatementsTable;
  attainment_policies: AttainmentPoliciesTable;
  lms_clients: LmsClientsTable;
  learners: LearnersTable;
  assessment_events: AssessmentEventsTable;
  activity_mappings: ActivityMappingsTable;
  evidence: EvidenceTable;
  attainments: AttainmentsTable;
  signing_keys: SigningKeysTable;
  credentials: CredentialsTable;
  outbox: OutboxTable;
  xapi_statements: XapiStatementsTable;
  admin_tokens: AdminTokensTable;
  ingest_signatures: IngestSignaturesTable;
  audit_events: AuditEventsTable;
}
