import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Runtime } from '@attain/runtime';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AttainFastify } from './app-types.js';
import { HttpError, problem, PROBLEM_CONTENT_TYPE, type ProblemField, type ProblemLimit } from './http-error.js';
import { jsonBodyParser } from './json-body.parser.js';
import rateLimit from '@fastify/rate-limit';
import { metrics } from '@attain/runtime';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { registerAdminRoutes } from './routes/admin.route.js';
import { registerCredentialRoutes } from './routes/credential.route.js';
import { registerCredentialStatusRoutes } from './routes/credential-status.route.js';
import { registerDeliveryRoutes } from './routes/delivery.route.js';
import { registerIssuerRoutes } from './routes/issuer.route.js';
import { registerMetricsRoute } from './routes/metrics.route.js';
import { registerQueueDashboard } from './routes/queue-dashboard.route.js';
import { registerStatusListRoutes } from './routes/status-list.route.js';
import { registerVcApiRoutes } from './routes/vc-api.route.js';
import { registerWebRoutes } from './routes/web.route.js';
import { registerAssetRoutes } from './routes/asset.route.js';
import { securityHeaders } from './security-headers.js';
import { sendNotFoundPage } from './web/html-reply.js';
import { wantsHtml } from './web/wants-html.js';
import { registerDidRoutes } from './routes/did.route.js';
import { registerEvidenceRoutes } from './routes/evidence.route.js';
import { registerFrameworkRoutes } from './routes/framework.route.js';
import { registerHealthRoutes } from './routes/health.route.js';
import { registerIngestRoutes } from './routes/ingest.route.js';
import { registerXapiRoutes } from './routes/xapi.route.js';

export interface AppOptions {
  runtime: Runtime;
  now?: () => Date;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
}

export async function buildApp(options: AppOptions): Promise<AttainFastify> {
  const { runtime } = options;
  const now = options.now ?? (() => new Date());
  const logger: FastifyBaseLogger = runtime.logger; // widened so the instance is typed with fastify's logger
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
    // The router refuses malformed percent-encoding (400) and over-long path parameters (414) before
    // any hook or error handler runs: answer those as problems too.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      const code = error.code.toLowerCase().replace(/^fst_err_/, '');
      const instance = request.url.split('?')[0] ?? request.url;
      void reply
        .code(status)
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem(status, code, error.message, instance));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Before any route or plugin is registered, so that every one of them (and every error) inherits it.
  app.addHook('onSend', securityHeaders);

  // Keep the exact bytes: signatures are computed over them, not over re-serialised JSON.
  const parseJson = jsonBodyParser(app.getDefaultJsonParser('error', 'error'));
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    parseJson(request, body, done);
  });
  // Every route takes JSON only: any other body is 415, not a string that fails later for another reason.
  app.removeContentTypeParser('text/plain');
  // Latency of every request, by route pattern (never the raw URL: ids would explode the series).
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  // Per-client limits (ingest routes opt in), counted in Redis so every API replica shares them.
  // Redis down: requests go through unlimited rather than being refused (ingest keeps accepting).
  // Without Redis the counts are kept in this process (one process: the same limits).
  const redis = runtime.stores.queue === 'redis' ? await runtime.connectRedis('producer') : undefined;
  if (redis === undefined)
    runtime.logger.info('no REDIS_URL: ingest rate limits are counted in this process (per API process, not shared)');
  await app.register(rateLimit, {
    global: false,
    ...(redis === undefined ? {} : { redis }),
    nameSpace: `${runtime.config.queue.prefix}-rate-`,
    skipOnError: true,
    errorResponseBuilder: (request, context) => {
      metrics.rateLimited.inc({ route: request.routeOptions.url ?? 'unmatched' });
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(
        429,
        'rate_limited',
        `this client may send at most ${String(context.max)} requests per ${context.after}; retry in ${String(seconds)} s`,
        undefined,
        { 'retry-after': String(seconds) },
      );
    },
  });
  // A NUL in a path parameter can never match anything stored.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.includes('%00')) done(new HttpError(400, 'invalid_url', 'the URL may not contain %00'));
    else done();
  });

  // Anything a plugin or handler throws ends up here, so fastify's fields are not guaranteed to be set.
  app.setErrorHandler((error: HttpError | (Error & Partial<FastifyError>), request, reply) => {
    const instance = request.url.split('?')[0] ?? request.url;
    const send = (status: number, code: string, detail: string, errors?: ProblemField[], limit?: ProblemLimit) =>
      reply
        .code(status)
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem(status, code, detail, instance, errors, limit));
    if (error instanceof HttpError) {
      reply.headers(error.headers);
      return send(error.statusCode, error.code, error.message, error.errors, error.limit);
    }
    if (error.validation !== undefined) {
      return send(
        400,
        'invalid_request',
        `request ${error.validationContext ?? 'body'} is invalid`,
        error.validation.map(fieldOf),
      );
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const code = (error.code ?? 'bad_request').toLowerCase().replace(/^fst_err_/, '');
      return send(error.statusCode, code, error.message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error.message }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(503, 'database_unavailable', 'storage is unavailable; retry later');
    }
    request.log.error({ err: error }, 'request failed');
    return send(500, 'internal_error', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => {
    const instance = request.url.split('?')[0] ?? request.url;
    if (request.method === 'GET' && wantsHtml(request.headers.accept)) return sendNotFoundPage(reply, 'page');
    return reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem(404, 'not_found', `no route ${request.method} ${instance}`, instance));
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Attain API',
        version: '0.1.0',
        description: 'Assessment results in, verifiable Open Badges 3.0 credentials out.',
      },
      servers: [{ url: runtime.config.http.publicUrl }],
      tags: [
        { name: 'ingest', description: 'For LMSs' },
        { name: 'credentials', description: 'For agents and employers' },
        { name: 'frameworks', description: 'Framework, level and statement URLs' },
        { name: 'xapi', description: 'xAPI 1.0.3 LRS subset for LMSs' },
        { name: 'admin', description: 'For operators: bearer admin token' },
        { name: 'operations', description: 'Health' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerHealthRoutes(app, runtime);
  registerMetricsRoute(app, runtime);
  await registerIngestRoutes(app, runtime, now);
  registerCredentialRoutes(app, runtime, now);
  registerStatusListRoutes(app, runtime, now);
  await registerCredentialStatusRoutes(app, runtime, now);
  await registerVcApiRoutes(app, runtime, now);
  await registerIssuerRoutes(app, runtime, now);
  await registerDeliveryRoutes(app, runtime, now);
  await registerWebRoutes(app, runtime, now);
  registerAssetRoutes(app);
  registerFrameworkRoutes(app, runtime);
  registerEvidenceRoutes(app, runtime);
  registerDidRoutes(app, runtime);
  await registerXapiRoutes(app, runtime, now);
  await registerAdminRoutes(app, runtime, now);
  await registerQueueDashboard(app, runtime);
  return app;
}

/** Ajv reports a missing or unexpected property at its parent: point at the property itself. */
function fieldOf(v: { instancePath: string; message?: string; params: Record<string, unknown> }): ProblemField {
  const property = v.params.missingProperty ?? v.params.additionalProperty;
  const pointer = typeof property === 'string' ? `${v.instancePath}/${property}` : v.instancePath;
  return { pointer, detail: v.message ?? 'invalid' };
}
