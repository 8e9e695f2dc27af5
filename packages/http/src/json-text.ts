const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as strict UTF-8: malformed bytes are an error, never silently replaced. */
export function decodeUtf8(body: Buffer): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

/** Postgres text cannot hold U+0000, so a JSON value carrying one can never be stored. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner));
  }
  return false;
}
