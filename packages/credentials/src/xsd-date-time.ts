// An XSD dateTime that carries a time zone (VC 2.0 requires one; the vc library does not check).
const DATE_TIME_WITH_ZONE = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isDateTimeWithZone(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value));
}

/** UTC, whole seconds ('2026-05-01T09:30:00Z'): the form the proof's `created` uses too. */
export function toDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** For messages shown to people: '2026-05-01 09:30 UTC'. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
