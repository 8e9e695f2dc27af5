export interface VerificationCheck {
  check: 'structure' | 'signature' | 'issuer' | 'validity' | 'status';
  ok: boolean;
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
