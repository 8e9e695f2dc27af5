import { bakePng, bakeSvg, renderBadgeSvg, svgToPng } from '@attain/badges';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema, VerifyResponseSchema } from '../schemas.js';
import { refuseLargeBody, VERIFY_BODY_LIMIT, VERIFY_IMAGE_LIMIT, verificationGuardOf } from '../verification-guard.js';
import { verifyCheckHandler } from '../verify-check.handler.js';
import { loadBadgeView, type BadgeView } from '../web/badge-view.js';
import { badgePage } from '../web/badge.page.js';
import { progressPage } from '../web/progress.page.js';
import { verifyPage } from '../web/verify.page.js';
import { HTML, sendNotFoundPage } from '../web/html-reply.js';

const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
// Pages change with status; images and JSON are the signed credential, which changes only on correction.
const NO_STORE = 'no-store';

/**
 * The access log's view of a progress page request: the token in its URL is a bearer secret, so
 * it never reaches a log line (the other fields are fastify's usual ones).
 */
export function redactedProgressRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url.replace(/^\/progress\/[^/?#]*/, '/progress/[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
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
      if (badge === undefined) return sendNotFoundPage(reply, 'badge');
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
    reply.header('content-type', HTML).send(verifyPage(runtime.config.http.publicUrl)),
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
        bodyLimit: VERIFY_IMAGE_LIMIT,
        preParsing: refuseLargeBody(VERIFY_BODY_LIMIT, VERIFY_IMAGE_LIMIT),
        schema: {
          tags: ['pages'],
          summary: 'Verify JSON or a baked badge image (PNG, SVG) for the verification page',
          response: { 200: VerifyResponseSchema, 400: ErrorSchema, 413: ErrorSchema, 503: ErrorSchema },
        },
      },
      verifyCheckHandler(runtime, verificationGuardOf(app), now),
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
      logSerializers: { req: redactedProgressRequest },
    },
    async (request, reply) => {
      const page = await progressPage(runtime, request.params.token, now());
      if (page === undefined) return sendNotFoundPage(reply, 'progress page');
      return reply.header('content-type', HTML).header('cache-control', 'private, no-store').send(page);
    },
  );
}
