import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { describeVerification, type VerificationResultLike } from './verification-view.js';

type Check = VerificationResultLike['checks'][number];
const passed = (check: string, message = 'fine'): Check => ({ check, ok: true, outcome: 'passed', message });
const failed = (check: string, message: string): Check => ({ check, ok: false, outcome: 'failed', message });
const notChecked = (check: string): Check => ({
  check,
  ok: false,
  outcome: 'not-checked',
  message: 'Not checked because the signature did not verify.',
});
const genuine = (overrides: Partial<Record<'validity' | 'status', Check>> = {}): Check[] => [
  passed('structure'),
  passed('signature'),
  passed('issuer'),
  overrides.validity ?? passed('validity'),
  overrides.status ?? passed('status'),
];

describe('describeVerification: the verdict people read', () => {
  it('valid: green, genuine and in force', () => {
    const view = describeVerification({ verified: true, state: 'valid', checks: genuine() });
    expect(view).toMatchObject({ tone: 'ok', headline: 'Genuine and in force', signatureVerified: true });
    expect(view.checks.map((c) => c.outcome)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
  });

  it('expired and not yet valid: amber, with the date', () => {
    const expired = describeVerification({
      verified: false,
      state: 'expired',
      validUntil: '2026-03-01T00:00:00Z',
      checks: genuine({ validity: failed('validity', 'This credential expired on 2026-03-01.') }),
    });
    expect(expired).toMatchObject({ tone: 'warn', headline: 'Genuine, but expired on 1 March 2026' });
    const early = describeVerification({
      verified: false,
      state: 'not-yet-valid',
      validFrom: '2027-01-15T00:00:00Z',
      checks: genuine({ validity: failed('validity', 'not yet') }),
    });
    expect(early).toMatchObject({ tone: 'warn', headline: 'Genuine, but not valid until 15 January 2027' });
  });

  it('suspended: amber, since when and why; revoked: red, on what date and why', () => {
    const suspended = describeVerification({
      verified: false,
      state: 'suspended',
      statusDetail: { since: '2026-05-02T10:00:00Z', reason: 'under review' },
      checks: genuine({ status: failed('status', 'suspended') }),
    });
    expect(suspended).toMatchObject({
      tone: 'warn',
      headline: 'Genuine, but suspended by its issuer since 2 May 2026',
      detail: 'Reason: under review',
    });
    const revoked = describeVerification({
      verified: false,
      state: 'revoked',
      statusDetail: { since: '2026-06-30T23:59:00Z', reason: 'awarded in error' },
      checks: genuine({ status: failed('status', 'revoked') }),
    });
    expect(revoked).toMatchObject({
      tone: 'bad',
      headline: 'Revoked by its issuer on 30 June 2026',
      detail: 'Reason: awarded in error',
    });
    expect(describeVerification({ verified: false, state: 'revoked', checks: genuine() }).headline).toBe(
      'Revoked by its issuer',
    );
  });

  it('forged: red, dependent checks read "Not checked", and no claim may be shown', () => {
    const view = describeVerification({
      verified: false,
      state: 'invalid',
      checks: [
        passed('structure'),
        failed('signature', 'The credential was changed after it was signed.'),
        notChecked('issuer'),
        notChecked('validity'),
        notChecked('status'),
      ],
    });
    expect(view).toMatchObject({
      tone: 'bad',
      headline: 'Not genuine: do not rely on it',
      detail: 'The credential was changed after it was signed.',
      signatureVerified: false,
    });
    expect(view.checks.filter((c) => c.outcome === 'not-checked').map((c) => c.text)).toEqual([
      'Not checked because the signature did not verify.',
      'Not checked because the signature did not verify.',
      'Not checked because the signature did not verify.',
    ]);
  });

  it('never calls a credential whose signature failed anything but invalid, whatever state it claims', () => {
    const view = describeVerification({
      verified: false,
      state: 'expired',
      checks: [passed('structure'), failed('signature', 'bad'), notChecked('issuer')],
    });
    expect(view).toMatchObject({ state: 'invalid', tone: 'bad' });
  });

  it('runs the same when shipped to the browser as source text', () => {
    const shipped = runInNewContext(`(${describeVerification.toString()})`) as typeof describeVerification;
    expect(
      shipped({
        verified: false,
        state: 'suspended',
        statusDetail: { since: '2026-05-02T10:00:00Z' },
        checks: genuine(),
      }).headline,
    ).toBe('Genuine, but suspended by its issuer since 2 May 2026');
  });
});
