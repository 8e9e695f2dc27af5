import { extractBakedCredential, BakedImageError, bakePng, bakeSvg, renderBadgeSvg, svgToPng } from '@attain/badges';
import { verifyCredential } from '@attain/credentials';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { loadBadgeView, type BadgeView } from '../web/badge-view.js';
import { badgePage } from '../web/badge.page.js';
import { summarise } from '../web/credential-summary.js';
import { progressPage } from '../web/progress.page.js';
import { verifyPage } from '../web/verify.page.js';
import { localStatusListLoader } from './status-list.route.js';
import { issuerDids } from './vc-api.route.js';

const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const HTML = 'text/html; charset=utf-8';
// Pages change with status; images and JSON are the signed credential, which changes only on correction.
const NO_STORE = 'no-store';

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply
    .code(404)
    .header('content-type', HTML)
    .send(`<!doctype html><title>Not found</title><p>No ${what} here.</p>`);
}

/**
 * The human side: badge pages (/badges/:id) with the baked images and JSON, the verification page
 * (/verify and POST /verify/check), and an agent's private progress page (/progress/:token).
 */
export async function registerWebRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  const badgeOf = async (id: string): Promise<BadgeView | undefined> => loadBadgeView(runtime, id, now());
  const svgOf = (badge: BadgeView): string =>
    renderBadgeSvg({
      levelLabel: badge.level.label,
      levelIndex: badge.level.index,
      levelCount: badge.level.count,
      frameworkTitle: badge.framework.title,
      frameworkCode: badge.framework.id,
      issuerName: badge.issuer.name,
    });

  app.get(
    '/badges/:id',
    { schema: { tags: ['pages'], summary: 'The public badge page', params: Id } },
    async (request, reply) => {
      const badge = await badgeOf(request.params.id);
      if (badge === undefined) return notFound(reply, 'badge');
      return reply
        .header('content-type', HTML)
        .header('cache-control', NO_STORE)
        .send(await badgePage(badge));
    },
  );

  app.get('/badges/:id/credential.json', { schema: { tags: ['pages'], params: Id } }, async (request, reply) => {
    const badge = await badgeOf(request.params.id);
    if (badge === undefined) throw new HttpError(404, 'credential_not_found', `no credential ${request.params.id}`);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="credential-${badge.uuid}.json"`)
      .send(JSON.stringify(badge.document, null, 2));
  });

  app.get('/badges/:id/image.svg', { schema: { tags: ['pages'], params: Id } }, async (request, reply) => {
    const badge = await badgeOf(request.params.id);
    if (badge === undefined) throw new HttpError(404, 'credential_not_found', `no credential ${request.params.id}`);
    return reply.header('content-type', 'image/svg+xml').send(bakeSvg(svgOf(badge), JSON.stringify(badge.document)));
  });

  app.get('/badges/:id/image.png', { schema: { tags: ['pages'], params: Id } }, async (request, reply) => {
    const badge = await badgeOf(request.params.id);
    if (badge === undefined) throw new HttpError(404, 'credential_not_found', `no credential ${request.params.id}`);
    return reply
      .header('content-type', 'image/png')
      .send(bakePng(svgToPng(svgOf(badge)), JSON.stringify(badge.document)));
  });

  app.get('/verify', { schema: { tags: ['pages'], summary: 'The verification page' } }, (_request, reply) =>
    reply.header('content-type', HTML).send(verifyPage()),
  );

  // The page's check: a credential as JSON, or a baked PNG or SVG badge as the raw file. The image
  // parsers exist only in this scope: every other route still refuses those content types (415).
  await app.register((plugin, _options, done) => {
    plugin.addContentTypeParser(['image/png', 'image/svg+xml'], { parseAs: 'buffer' }, (_request, body, parsed) => {
      parsed(null, body);
    });
    plugin.post(
      '/verify/check',
      {
        schema: { tags: ['pages'], summary: 'Verify JSON or a baked badge image (PNG, SVG) for the verification page' },
      },
      async (request, reply) => {
        let credential: unknown;
        let source: string;
        if (Buffer.isBuffer(request.body)) {
          try {
            const baked = extractBakedCredential(request.body);
            credential = baked.credential;
            source = `a baked ${baked.format.toUpperCase()} image`;
          } catch (error) {
            if (error instanceof BakedImageError) throw new HttpError(400, 'not_a_baked_badge', error.message);
            throw error;
          }
        } else {
          const body = request.body as Record<string, unknown> | undefined;
          credential = body !== undefined && 'verifiableCredential' in body ? body.verifiableCredential : body;
          source = 'JSON';
        }
        const report = await verifyCredential({
          credential,
          documentLoader: runtime.issuer.documentLoader,
          now: now(),
          trustedIssuers: await issuerDids(runtime),
          loadStatusList: localStatusListLoader(runtime),
        });
        const summary = summarise(credential);
        return reply.send({ ...report, ...(summary === undefined ? {} : { summary: { ...summary, source } }) });
      },
    );
    done();
  });

  app.get(
    '/progress/:token',
    {
      schema: {
        tags: ['pages'],
        summary: "An agent's private progress page",
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const page = await progressPage(runtime, request.params.token, now());
      if (page === undefined) return notFound(reply, 'progress page');
      return reply.header('content-type', HTML).header('cache-control', 'private, no-store').send(page);
    },
  );
}
