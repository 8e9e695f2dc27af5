import { authenticateAdminToken, type Runtime } from '@attain/runtime';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/**
 * An onRequest hook that lets only holders of an admin token through (ATTAIN_ADMIN_TOKEN, or one
 * made with `attain admin-token create`) and remembers who they are for the audit trail.
 */
export function requireAdmin(runtime: Runtime): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    const principal =
      match?.[1] === undefined
        ? undefined
        : await authenticateAdminToken(runtime.db, runtime.bootstrapAdminToken, match[1]);
    if (principal === undefined) {
      throw new HttpError(
        401,
        'unauthorized',
        'this endpoint needs a valid admin token (Authorization: Bearer …)',
        undefined,
        {
          'www-authenticate': 'Bearer realm="Attain admin"',
        },
      );
    }
    request.admin = principal.name;
    request.log.info({ admin: principal.name }, 'admin request');
  };
}

/** The audit actor for an admin request: `admin:<token name>`. */
export function adminActor(request: FastifyRequest): string {
  return `admin:${request.admin ?? 'unknown'}`;
}
