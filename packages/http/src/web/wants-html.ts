/**
 * Content negotiation for URLs that serve both people and programs (issuer profiles, frameworks,
 * statements): HTML only when the client asks for it ahead of JSON, as browsers do. A client that
 * sends no Accept header, or any JSON type first, keeps getting JSON.
 */
export function wantsHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let html = -1;
  let json = -1;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    const quality = Number.isFinite(q) ? q : 0;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, quality);
    if (type === 'application/json' || type.endsWith('+json')) json = Math.max(json, quality);
  }
  return html > 0 && html > json;
}
