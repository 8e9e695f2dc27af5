/** The part of the verification result (see POST /verify/check) that decides what a person is told. */
export interface VerificationResultLike {
  verified: boolean;
  state?: string;
  checks: { check: string; ok: boolean; outcome?: string; message: string }[];
  statusDetail?: { since: string; reason?: string };
  validFrom?: string;
  validUntil?: string;
}

export type Tone = 'ok' | 'warn' | 'bad';

/** What the /verify page shows, verdict first. */
export interface VerificationView {
  state: string;
  tone: Tone;
  headline: string;
  /** The issuer's recorded reason (revoked, suspended), or what failed (invalid). */
  detail?: string;
  /** Claims may be shown only when the signature verified: a forgery's claims are never repeated. */
  signatureVerified: boolean;
  checks: { check: string; label: string; outcome: 'passed' | 'failed' | 'not-checked'; text: string }[];
}

/**
 * Turns a verification result into the verdict and checks people read. Self-contained on purpose:
 * the /verify page ships this function's source to the browser (Function.prototype.toString), and
 * unit tests run the same code, so it may use nothing outside itself.
 */
export function describeVerification(result: VerificationResultLike): VerificationView {
  const labels: Record<string, string> = {
    structure: 'Well-formed credential',
    signature: 'Signature',
    issuer: 'Issuer and signing key',
    validity: 'Validity window',
    status: 'Status (revoked or suspended?)',
  };
  const day = (iso: string | undefined): string => {
    const date = iso === undefined ? undefined : new Date(iso);
    return date === undefined || Number.isNaN(date.getTime())
      ? 'an unknown date'
      : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  };
  const outcomeOf = (c: VerificationResultLike['checks'][number]): 'passed' | 'failed' | 'not-checked' =>
    c.outcome === 'not-checked' ? 'not-checked' : c.ok ? 'passed' : 'failed';
  const checks = result.checks.map((c) => {
    const outcome = outcomeOf(c);
    return {
      check: c.check,
      label: labels[c.check] ?? c.check,
      outcome,
      // The API's own not-checked messages already say so; another server's may not.
      text: outcome === 'not-checked' && !/^not checked/i.test(c.message) ? `Not checked. ${c.message}` : c.message,
    };
  });
  const signature = result.checks.find((c) => c.check === 'signature');
  const structure = result.checks.find((c) => c.check === 'structure');
  const signatureVerified =
    signature !== undefined && outcomeOf(signature) === 'passed' && (structure === undefined || structure.ok);
  const known = ['valid', 'expired', 'not-yet-valid', 'suspended', 'revoked', 'invalid'];
  // A result without a state (or with one this page does not know) is judged by `verified` alone.
  let state = result.state !== undefined && known.includes(result.state) ? result.state : undefined;
  if (state === undefined || (state !== 'invalid' && !signatureVerified)) state = result.verified ? 'valid' : 'invalid';
  const since = result.statusDetail?.since;
  const reason = result.statusDetail?.reason;
  const firstFailure = checks.find((c) => c.outcome === 'failed');
  const withReason = (text: string): Pick<VerificationView, 'headline' | 'detail'> =>
    reason === undefined || reason === '' ? { headline: text } : { headline: text, detail: `Reason: ${reason}` };
  const base = { state, signatureVerified, checks };
  switch (state) {
    case 'valid':
      return { ...base, tone: 'ok', headline: 'Genuine and in force' };
    case 'expired':
      return { ...base, tone: 'warn', headline: `Genuine, but expired on ${day(result.validUntil)}` };
    case 'not-yet-valid':
      return { ...base, tone: 'warn', headline: `Genuine, but not valid until ${day(result.validFrom)}` };
    case 'suspended':
      return {
        ...base,
        tone: 'warn',
        ...withReason(
          since === undefined
            ? 'Genuine, but suspended by its issuer'
            : `Genuine, but suspended by its issuer since ${day(since)}`,
        ),
      };
    case 'revoked':
      return {
        ...base,
        tone: 'bad',
        ...withReason(since === undefined ? 'Revoked by its issuer' : `Revoked by its issuer on ${day(since)}`),
      };
    default:
      return {
        ...base,
        tone: 'bad',
        headline: signatureVerified ? 'Not verified: do not rely on it' : 'Not genuine: do not rely on it',
        ...(firstFailure === undefined ? {} : { detail: firstFailure.text }),
      };
  }
}
