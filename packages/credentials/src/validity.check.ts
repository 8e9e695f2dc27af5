import type { VerificationCheck } from './verification-report.js';
import { formatUtc, isDateTimeWithZone } from './xsd-date-time.js';

/** Is `now` inside [validFrom, validUntil)? */
export function checkValidity(credential: Record<string, unknown>, now: Date): VerificationCheck {
  const fail = (message: string): VerificationCheck => ({ check: 'validity', ok: false, message });
  const { validFrom, validUntil } = credential;
  if (!isDateTimeWithZone(validFrom))
    return fail('The credential has no valid start date (validFrom with a time zone).');
  const from = new Date(validFrom);
  if (now < from) return fail(`This credential is not valid before ${formatUtc(from)}.`);
  if (validUntil === undefined)
    return { check: 'validity', ok: true, message: `Valid since ${formatUtc(from)}, with no expiry date.` };
  if (!isDateTimeWithZone(validUntil)) return fail('The credential has an unreadable end date (validUntil).');
  const until = new Date(validUntil);
  if (now >= until) return fail(`This credential expired on ${formatUtc(until)}.`);
  return { check: 'validity', ok: true, message: `Valid from ${formatUtc(from)} until ${formatUtc(until)}.` };
}
