import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Runtime } from '@attain/runtime';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyRequest } from 'fastify';
import type { AttainFastify } from './app-types.js';
import { HttpError, type ErrorBody } from './http-error.js';
import { containsNul, decodeUtf8 } from './json-text.js';
import { registerCredentialRoutes } from './routes/credential.route.js';
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

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function errorBody(statusCode: number, code: string, message: string, details?: unknown): ErrorBody {
  return {
    statusCode,
    error: REASONS[statusCode] ?? 'Error',
    code,
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/** Postgres is down, overloaded or gave up a transaction: nothing was committed, so the client must retry. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    // Connection refused/reset/timed out, admin shutdown, cannot connect now, too many
    // connections, deadlock and serialization failures: all worth a retry by the client.
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', '40P01', '40001'].includes(e.code ?? '') ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(e.message ?? '')
  );
}

export async function buildApp(options: AppOptions): Promise<AttainFastify> {
  const { runtime } = options;
  const now = options.now ?? (() => new Date());
  const logger: FastifyBaseLogger = runtime.logger; // widened so the instance is typed with fastify's logger
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Keep the exact bytes: signatures are computed over them, not over re-serialised JSON.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    request.rawBody = body;
    const text = decodeUtf8(body);
    if (text === undefined) {
      done(new HttpError(400, 'invalid_utf8', 'the body is not valid UTF-8'), undefined);
      return;
    }
    // The default parser (prototype-poisoning safe) is synchronous and calls done itself.
    void parseJson(request, text, (error, parsed) => {
      if (error === null && containsNul(parsed)) {
        done(new HttpError(400, 'invalid_text', 'strings may not contain U+0000'), undefined);
        return;
      }
      done(error, parsed);
    });
  });
  // A NUL in a path parameter can never match anything stored.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.includes('%00')) done(new HttpError(400, 'invalid_url', 'the URL may not contain %00'));
    else done();
  });

  // Anything a plugin or handler throws ends up here, so fastify's fields are not guaranteed to be set.
  app.setErrorHandler((error: HttpError | (Error & Partial<FastifyError>), request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send(errorBody(error.statusCode, error.code, error.message, error.details));
    }
    if (error.validation !== undefined) {
      const details = error.validation.map((v) => ({ path: v.instancePath, message: v.message ?? 'invalid' }));
      return reply
        .code(400)
        .send(errorBody(400, 'invalid_body', `request ${error.validationContext ?? 'body'} is invalid`, details));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const code = (error.code ?? 'bad_request').toLowerCase().replace(/^fst_err_/, '');
      return reply.code(error.statusCode).send(errorBody(error.statusCode, code, error.message));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error.message }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(errorBody(503, 'database_unavailable', 'storage is unavailable; retry later'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(500, 'internal_error', 'internal error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );

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
        { name: 'operations', description: 'Health' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerHealthRoutes(app, runtime);
  registerIngestRoutes(app, runtime, now);
  registerCredentialRoutes(app, runtime, now);
  registerFrameworkRoutes(app, runtime);
  registerEvidenceRoutes(app, runtime);
  registerDidRoutes(app, runtime);
  await registerXapiRoutes(app, runtime, now);
  return app;
}
