export interface VerificationCheck {
  check: 'structure' | 'signature' | 'issuer' | 'validity' | 'status';
  ok: boolean;
  /** `not-checked` when an earlier check (structure, signature) failed and this one would mean nothing. */
  outcome?: CheckOutcome;
  /** Plain English: shown to employers. */
  message: string;
}

export interface VerificationReport {
  verified: boolean;
  checks: VerificationCheck[];
  credentialId?: string;
  issuer?: string;
  /** What the issuer's status lists say: `unknown` when they could not be read (which fails). */
  status?: CredentialStatusValue;
}

export type CredentialStatusValue = 'active' | 'revoked' | 'suspended' | 'none' | 'unknown';

export type CheckOutcome = 'passed' | 'failed' | 'not-checked';
