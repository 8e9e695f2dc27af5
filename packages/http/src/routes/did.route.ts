import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';
import { issuerHtml } from './issuer.route.js';
import { sendNotFoundPage, sendPage } from '../web/html-reply.js';
import { wantsHtml } from '../web/wants-html.js';

const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/**
 * did:web resolution (the default issuer at /.well-known/did.json, others at /issuers/:slug/did.json,
 * present only when issuers use did:web) and each issuer's public Open Badges Profile.
 */
export function registerDidRoutes(app: AttainFastify, runtime: Runtime): void {
  const Slug = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) });
  app.get(
    '/issuers/:slug',
    {
      schema: {
        tags: ['credentials'],
        summary: "An issuer's Open Badges 3.0 Profile (name, URL, e-mail, image)",
        params: Slug,
        response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const issuer = runtime.issuers.bySlug(request.params.slug);
      // People following "Issued by" get a page; programs keep the Profile.
      if (wantsHtml(request.headers.accept)) {
        return issuer === undefined
          ? sendNotFoundPage(reply, 'issuer')
          : sendPage(reply, await issuerHtml(runtime, issuer));
      }
      if (issuer === undefined) throw new HttpError(404, 'issuer_not_found', `no issuer ${request.params.slug}`);
      const { id, name, url, email, image } = issuer.profile;
      return reply.send({
        '@context': ['https://www.w3.org/ns/credentials/v2', OB_V3_CONTEXT],
        id,
        type: ['Profile'],
        name,
        url,
        ...(email === undefined ? {} : { email }),
        ...(image === undefined ? {} : { image: { id: image, type: 'Image' } }),
      });
    },
  );
  if (runtime.config.issuer.didMethod !== 'web') return;
  // Read at request time: a rotated key appears here next to every earlier one.
  app.get(
    '/.well-known/did.json',
    { schema: { tags: ['credentials'], summary: "The default issuer's DID document" } },
    (_request, reply) => reply.header('content-type', 'application/did+json').send(runtime.issuer.didDocument),
  );
  app.get(
    '/issuers/:slug/did.json',
    { schema: { tags: ['credentials'], summary: "Another issuer's DID document", params: Slug } },
    (request, reply) => {
      const issuer = runtime.issuers.bySlug(request.params.slug);
      if (issuer === undefined || issuer.slug === 'default')
        throw new HttpError(404, 'issuer_not_found', `no issuer ${request.params.slug}`);
      return reply.header('content-type', 'application/did+json').send(issuer.didDocument);
    },
  );
}
