import type { FastifyReply, FastifyRequest } from 'fastify';
import { QUEUE_DASHBOARD_PATH } from './routes/queue-dashboard.route.js';

/**
 * Our pages load only their own /assets: no inline script or style, nothing from elsewhere except
 * images (an issuer's logo may live on its own site). No page may be framed (clickjacking).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Third-party UIs we serve as they are (Swagger UI, Bull Board) bring their own inline code: they
// get what does not depend on it.
const THIRD_PARTY_CSP = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
// Anything else opened on its own (a JSON document, an SVG badge image, which could carry script).
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

const isThirdPartyUi = (path: string): boolean =>
  path === '/docs' ||
  path.startsWith('/docs/') ||
  path === QUEUE_DASHBOARD_PATH ||
  path.startsWith(`${QUEUE_DASHBOARD_PATH}/`);

/** Security headers on every response; an onSend hook so error pages and the dashboard get them too. */
export function securityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  const path = request.url.split('?')[0] ?? request.url;
  const type = String(reply.getHeader('content-type') ?? '');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  // A progress URL is a bearer secret: never send it on as a Referer.
  reply.header('referrer-policy', path.startsWith('/progress/') ? 'no-referrer' : 'strict-origin-when-cross-origin');
  if (isThirdPartyUi(path)) reply.header('content-security-policy', THIRD_PARTY_CSP);
  else if (type.startsWith('text/html')) reply.header('content-security-policy', PAGE_CSP);
  else reply.header('content-security-policy', DOCUMENT_CSP);
  done(null, payload);
}
