import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';

/**
 * GET /status-lists/:id: the signed BitstringStatusListCredential. Caches may keep it until its
 * `validUntil` and no longer, so a revocation reaches every verifier within one validity window.
 */
export function registerStatusListRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): void {
  app.get(
    '/status-lists/:id',
    {
      schema: {
        tags: ['credentials'],
        summary: 'A signed Bitstring Status List credential (revocation or suspension bits)',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const signed = await runtime.statusLists.current(request.params.id);
      if (signed === undefined)
        throw new HttpError(404, 'status_list_not_found', `no status list ${request.params.id}`);
      const maxAge = Math.max(0, Math.floor((signed.validUntil.getTime() - now().getTime()) / 1000));
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', `public, max-age=${maxAge}`)
        .header('expires', signed.validUntil.toUTCString())
        .send(signed.document);
    },
  );
}

/** A status list URL of this deployment, resolved without a network round trip; others fail closed. */
export function localStatusListLoader(runtime: Runtime): (url: string) => Promise<unknown> {
  const prefix = `${runtime.config.http.publicUrl}/status-lists/`;
  return async (url) => {
    if (!url.startsWith(prefix)) throw new Error('it is not published by this service');
    const signed = await runtime.statusLists.current(url.slice(prefix.length));
    if (signed === undefined) throw new Error('no such status list');
    return signed.document;
  };
}
