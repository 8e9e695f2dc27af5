import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ASSETS, type Asset } from '../web/assets/asset-registry.js';

// Pages name each asset with its version (?v=hash): that URL never changes content, so browsers
// keep it for a year; an unversioned request gets a short lifetime and revalidates by ETag.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, versioned: boolean): FastifyReply {
  const etag = `"${asset.version}"`;
  reply.header('cache-control', versioned ? IMMUTABLE : SHORT).header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.header('content-type', asset.contentType).send(asset.body);
}

/** The pages' stylesheet, scripts and icon (/assets/:name), and /favicon.ico for browsers that ask. */
export function registerAssetRoutes(app: AttainFastify): void {
  app.get(
    '/assets/:name',
    {
      schema: {
        hide: true,
        params: Type.Object({ name: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    (request, reply) => {
      const asset = ASSETS.get(request.params.name);
      if (asset === undefined) throw new HttpError(404, 'not_found', `no asset ${request.params.name}`);
      return send(request, reply, asset, request.query.v === asset.version);
    },
  );
  app.get('/favicon.ico', { schema: { hide: true } }, (request, reply) => {
    const icon = ASSETS.get('favicon.svg');
    if (icon === undefined) throw new HttpError(404, 'not_found', 'no icon');
    return send(request, reply, icon, false);
  });
}
