import { authenticateAdminToken, type Runtime } from '@attain/runtime';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/**
 * An onRequest hook that lets only holders of an admin token through (ATTAIN_ADMIN_TOKEN, or one
 * made with `attain admin-token create`) and remembers who they are for the audit trail. The token
 * comes as `Authorization: Bearer <token>`, or as the password of HTTP Basic auth, which is what a
 * browser can send to pages such as the queue dashboard (`challenge: 'Basic'` makes it ask).
 */
export function requireAdmin(
  runtime: Runtime,
  options: { challenge?: 'Bearer' | 'Basic' } = {},
): (request: FastifyRequest) => Promise<void> {
  const challenge = options.challenge ?? 'Bearer';
  return async (request) => {
    const token = presentedToken(request.headers.authorization ?? '');
    const principal =
      token === undefined ? undefined : await authenticateAdminToken(runtime.db, runtime.bootstrapAdminToken, token);
    if (principal === undefined) {
      throw new HttpError(
        401,
        'unauthorized',
        challenge === 'Basic'
          ? 'this page needs a valid admin token (any user name, the token as password)'
          : 'this endpoint needs a valid admin token (Authorization: Bearer …)',
        undefined,
        { 'www-authenticate': `${challenge} realm="Attain admin"` },
      );
    }
    request.admin = principal.name;
    request.log.info({ admin: principal.name }, 'admin request');
  };
}

function presentedToken(authorization: string): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(authorization);
  if (bearer !== null) return bearer[1];
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization);
  if (basic?.[1] === undefined) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 || colon === decoded.length - 1 ? undefined : decoded.slice(colon + 1);
}

/** The audit actor for an admin request: `admin:<token name>`. */
export function adminActor(request: FastifyRequest): string {
  return `admin:${request.admin ?? 'unknown'}`;
}
