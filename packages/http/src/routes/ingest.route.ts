import type { NewAssessmentEvent } from '@attain/db';
import { metrics, openSecret, SIGNATURE_HEADER, type Runtime } from '@attain/runtime';
import type { FastifyRequest } from 'fastify';
import type { AttainFastify } from '../app-types.js';
import { normalizeResult, type ResultProblem } from '../assessment-result.normalizer.js';
import { HttpError } from '../http-error.js';
import { IngestAuthenticator } from '../ingest-authenticator.js';
import { IngestGroupCommit } from '../ingest-group-commit.js';
import { jsonBodyParser } from '../json-body.parser.js';
import { LmsClientCache } from '../lms-client-cache.js';
import { ErrorSchema, IngestBodySchema, IngestResponseSchema } from '../schemas.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export async function registerIngestRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  const clients = LmsClientCache.of(runtime.db, (sealed) => openSecret(sealed, runtime.kek), { ttlMs: 5000, now });
  const commits = new IngestGroupCommit(runtime, {
    concurrency: Math.max(1, Math.floor(runtime.config.database.poolSize / 4)),
    maxResults: Math.max(1000, runtime.config.ingest.maxBatch),
    minGroupResults: 16,
    retryAfterMs: runtime.config.relay.retryAfterMs,
    now,
    logger: runtime.logger,
  });
  const auth = new IngestAuthenticator(clients, runtime.config.ingest.hmacToleranceSeconds, now);
  // An encapsulated plugin: its JSON parser, which refuses unsigned bytes before parsing them, serves this route only.
  await app.register((scope, _options, done) => {
    const parseJson = jsonBodyParser(scope.getDefaultJsonParser('error', 'error'));
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, parsed) => {
      const refused = auth.checkBody(request, body);
      if (refused === undefined) parseJson(request, body, parsed);
      else parsed(refused, undefined);
    });
    registerIngestRoute(scope, runtime, auth, commits, now);
    done();
  });
}

function registerIngestRoute(
  app: AttainFastify,
  runtime: Runtime,
  auth: IngestAuthenticator,
  commits: IngestGroupCommit,
  now: () => Date,
): void {
  app.post(
    '/v1/assessment-results',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Post one assessment result or a batch (HMAC-signed per LMS client)',
        description:
          'Headers: `X-Attain-Client` (client id), `X-Attain-Timestamp` (Unix seconds), `X-Attain-Signature` ' +
          '(`v1=` + hex HMAC-SHA256 of `<timestamp>.<raw body>` with the client secret). 202 only after the results are committed.',
        body: IngestBodySchema,
        response: { 202: IngestResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 413: ErrorSchema, 503: ErrorSchema },
      },
      // Headers, timestamp and client before a byte of the body is read; the HMAC in the parser above.
      onRequest: async (request) => {
        await auth.admit(request);
      },
      preValidation: (request, _reply, done) => {
        try {
          request.lmsClientId = auth.clientIdOf(request);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
      // After authentication: one client's flood cannot spend another client's allowance.
      config: {
        rateLimit: {
          max: runtime.config.ingest.rateLimitPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => request.lmsClientId ?? request.ip,
        },
      },
    },
    async (request, reply) => {
      const results = Array.isArray(request.body) ? request.body : [request.body];
      if (results.length > runtime.config.ingest.maxBatch) {
        throw new HttpError(413, 'batch_too_large', `a batch holds at most ${runtime.config.ingest.maxBatch} results`);
      }
      const at = now();
      const events: NewAssessmentEvent[] = [];
      const problems: ResultProblem[] = [];
      results.forEach((result, index) => {
        const normalized = normalizeResult(result, index, at, runtime.config.ingest.hmacToleranceSeconds);
        if ('problems' in normalized) problems.push(...normalized.problems);
        else events.push(normalized.event);
      });
      if (problems.length > 0) {
        // Pointers into the body as sent: a batch's results are addressed by their index.
        const prefix = (index: number): string => (Array.isArray(request.body) ? `/${index}` : '');
        throw new HttpError(
          400,
          'invalid_result',
          'the request holds invalid results; nothing was stored',
          problems.map((p) => ({ pointer: `${prefix(p.index)}${p.path}`, detail: p.message })),
        );
      }
      const ingested = await commits.submit({
        signature: `${request.lmsClientId ?? ''} ${header(request, SIGNATURE_HEADER) ?? ''}`,
        lmsClientId: request.lmsClientId as string,
        events,
      });
      if ('replayed' in ingested) throw new HttpError(409, 'replayed_signature', ingested.replayed.message);
      const { outcomes } = ingested;
      const accepted = outcomes.filter((o) => !o.duplicate).length;
      metrics.ingested.inc({ source: 'native', outcome: 'accepted' }, accepted);
      metrics.ingested.inc({ source: 'native', outcome: 'duplicate' }, outcomes.length - accepted);
      return reply.code(202).send({
        accepted,
        duplicates: outcomes.length - accepted,
        results: outcomes.map((o) => ({
          eventId: o.eventId,
          id: o.id,
          status: o.duplicate ? 'duplicate' : 'accepted',
        })),
      });
    },
  );
}
