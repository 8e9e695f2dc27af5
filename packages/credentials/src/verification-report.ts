export interface VerificationCheck {
  check: 'structure' | 'signature' | 'issuer' | 'validity';
  ok: boolean;
  /** Plain English: shown to employers. */
  message: string;
}

export interface VerificationReport {
  verified: boolean;
  checks: VerificationCheck[];
  credentialId?: string;
  issuer?: string;
}
