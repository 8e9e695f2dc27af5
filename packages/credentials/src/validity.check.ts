import { VC_V1_CONTEXT } from './bundled-contexts.js';
import type { VerificationCheck } from './verification-report.js';
import { formatUtc, isDateTimeWithZone } from './xsd-date-time.js';

/** Is `now` inside [validFrom, validUntil)? (For a VC 1.1 credential: issuanceDate, expirationDate.) */
export function checkValidity(credential: Record<string, unknown>, now: Date): VerificationCheck {
  const fail = (message: string): VerificationCheck => ({ check: 'validity', ok: false, message });
  const v1 = Array.isArray(credential['@context']) && credential['@context'][0] === VC_V1_CONTEXT;
  const validFrom = v1 ? credential.issuanceDate : credential.validFrom;
  const validUntil = v1 ? credential.expirationDate : credential.validUntil;
  // VC 2.0 makes validFrom optional; VC 1.1 requires issuanceDate and Open Badges 3.0 validFrom.
  const types: unknown[] = Array.isArray(credential.type) ? credential.type : [credential.type];
  const openBadge = types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
  if ((v1 || openBadge || validFrom !== undefined) && !isDateTimeWithZone(validFrom))
    return fail('The credential has an unreadable start date (validFrom with a time zone).');
  const from = isDateTimeWithZone(validFrom) ? new Date(validFrom) : undefined;
  if (from !== undefined && now < from) return fail(`This credential is not valid before ${formatUtc(from)}.`);
  const since = from === undefined ? 'Valid with no start date' : `Valid since ${formatUtc(from)}`;
  if (validUntil === undefined) return { check: 'validity', ok: true, message: `${since}, with no expiry date.` };
  if (!isDateTimeWithZone(validUntil)) return fail('The credential has an unreadable end date (validUntil).');
  const until = new Date(validUntil);
  if (now >= until) return fail(`This credential expired on ${formatUtc(until)}.`);
  return {
    check: 'validity',
    ok: true,
    message:
      from === undefined
        ? `Valid until ${formatUtc(until)}.`
        : `Valid from ${formatUtc(from)} until ${formatUtc(until)}.`,
  };
}
