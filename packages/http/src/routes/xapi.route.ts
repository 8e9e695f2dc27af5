import { randomUUID } from 'node:crypto';
import {
  findEarlierVoiders,
  findXapiStatements,
  ingestAssessmentEventsIn,
  insertXapiStatements,
  lockStatementIds,
  voidXapiStatement,
  type NewAssessmentEvent,
  type OutboxItem,
} from '@attain/db';
import { evaluateLearnerWork, mapEventWork } from '@attain/pipeline';
import type { Runtime } from '@attain/runtime';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';
import { authenticateXapi } from '../xapi/xapi-auth.js';
import {
  eventOf,
  learnerOf,
  statementHash,
  statementProblem,
  voidedTarget,
  type StatementProblem,
} from '../xapi/xapi-statement.normalizer.js';
import { StatementSchema, StatementsBodySchema, type Statement } from '../xapi/xapi-statement.schema.js';

const VERSION = '1.0.3';

interface Prepared {
  id: string;
  statement: Statement & { id: string };
  hash: string;
  voids: string | undefined;
  event: NewAssessmentEvent | undefined;
}

function prepare(statements: readonly Statement[], storedAt: Date, batch: boolean): Prepared[] {
  const problems: (StatementProblem & { index: number })[] = [];
  const prepared = statements.map((raw, index): Prepared => {
    const id = (raw.id ?? randomUUID()).toLowerCase();
    const statement = { ...raw, id };
    const learner = learnerOf(statement.actor);
    if (typeof learner === 'string') problems.push({ index, path: '/actor', message: learner });
    const problem = statementProblem(statement);
    if (problem !== undefined) problems.push({ index, ...problem });
    const voids = voidedTarget(statement);
    let event: NewAssessmentEvent | undefined;
    if (
      voids === undefined &&
      statement.object.objectType !== 'StatementRef' &&
      typeof learner !== 'string' &&
      problem === undefined
    ) {
      const made = eventOf(statement, learner, storedAt);
      if ('message' in made) problems.push({ index, ...made });
      else event = made;
    }
    if (statement.verb.id === 'http://adlnet.gov/expapi/verbs/voided' && voids === undefined) {
      problems.push({ index, path: '/object', message: 'a voiding statement needs a StatementRef object' });
    }
    return { id, statement, hash: statementHash(statement), voids, event };
  });
  const ids = prepared.map((p) => p.id);
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated >= 0) {
    problems.push({ index: repeated, path: '/id', message: `statement id ${ids[repeated] ?? ''} appears twice` });
  }
  if (problems.length > 0) {
    throw new HttpError(
      400,
      'invalid_statement',
      'the request holds invalid statements; none was stored',
      problems.map((p) => ({ pointer: `${batch ? `/${p.index}` : ''}${p.path}`, detail: p.message })),
    );
  }
  return prepared;
}

/**
 * Stores a batch of statements all or nothing. A statement id already stored with the same content
 * changes nothing; with other content the whole request is refused with 409.
 */
async function store(
  runtime: Runtime,
  lmsClientId: string,
  prepared: readonly Prepared[],
  now: Date,
): Promise<OutboxItem[]> {
  const dispatchAfter = new Date(now.getTime() + runtime.config.relay.retryAfterMs);
  return runtime.db.transaction().execute(async (trx) => {
    // The ids it stores and the ids it voids: a target and its voiding statement arriving at the
    // same moment in two requests must not miss each other.
    await lockStatementIds(trx, lmsClientId, [
      ...prepared.map((p) => p.id),
      ...prepared.flatMap((p) => (p.voids === undefined ? [] : [p.voids])),
    ]);
    const known = await findXapiStatements(trx, lmsClientId, [
      ...prepared.map((p) => p.id),
      ...prepared.flatMap((p) => (p.voids === undefined ? [] : [p.voids])),
    ]);
    const fresh = prepared.filter((p) => {
      const stored = known.get(p.id);
      if (stored === undefined) return true;
      if (stored.contentHash !== p.hash) {
        throw new HttpError(409, 'statement_conflict', `statement ${p.id} is already stored with other content`);
      }
      return false;
    });
    const voidingIds = new Set(prepared.filter((p) => p.voids !== undefined).map((p) => p.id));
    for (const p of fresh) {
      if (p.voids !== undefined && (known.get(p.voids)?.voiding === true || voidingIds.has(p.voids))) {
        throw new HttpError(
          400,
          'invalid_statement',
          `statement ${p.id} voids a voiding statement, which xAPI forbids`,
        );
      }
    }
    const events = fresh.flatMap((p) => (p.event === undefined ? [] : [p.event]));
    const ingested = await ingestAssessmentEventsIn(trx, { lmsClientId, events, dispatchAfter, mapWork: mapEventWork });
    const eventIds = new Map(ingested.outcomes.map((o) => [o.eventId, o.id]));
    await insertXapiStatements(
      trx,
      lmsClientId,
      fresh.map((p) => ({
        statementId: p.id,
        contentHash: p.hash,
        statement: { ...p.statement, stored: now.toISOString(), version: p.statement.version ?? VERSION },
        voidsTarget: p.voids ?? null,
        eventId: p.event === undefined ? null : (eventIds.get(p.id) ?? null),
      })),
    );
    const work = [...ingested.work];
    // A voiding statement that arrived before its target voids it now.
    const voiders = await findEarlierVoiders(
      trx,
      lmsClientId,
      fresh.filter((p) => p.voids === undefined).map((p) => p.id),
    );
    for (const [targetId, voidingId] of voiders) {
      work.push(
        ...(await voidXapiStatement(trx, {
          lmsClientId,
          targetId,
          voidingId,
          dispatchAfter,
          evaluateWork: evaluateLearnerWork,
        })),
      );
    }
    for (const p of fresh) {
      if (p.voids !== undefined) {
        work.push(
          ...(await voidXapiStatement(trx, {
            lmsClientId,
            targetId: p.voids,
            voidingId: p.id,
            dispatchAfter,
            evaluateWork: evaluateLearnerWork,
          })),
        );
      }
    }
    return work;
  });
}

function requireVersion(request: FastifyRequest): void {
  const version = request.headers['x-experience-api-version'];
  if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version.trim())) {
    throw new HttpError(400, 'unsupported_version', 'X-Experience-API-Version must be given and be 1.0.x');
  }
}

/**
 * The xAPI 1.0.3 LRS subset an LMS points at: `<PUBLIC_URL>/xapi/` with its client's key and
 * secret as HTTP Basic credentials.
 */
export async function registerXapiRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  await app.register(
    (plugin, _options, done) => {
      const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
      scope.addHook('onSend', (_request, reply, payload, next) => {
        reply.header('x-experience-api-version', VERSION);
        next(null, payload);
      });

      scope.get('/about', { schema: { tags: ['xapi'], summary: 'Supported xAPI versions' } }, () => ({
        version: [VERSION],
      }));

      const dispatch = (request: FastifyRequest, work: OutboxItem[]): Promise<void> =>
        runtime.outbox.dispatchCommitted(work, request.log);

      scope.post(
        '/statements',
        {
          schema: {
            tags: ['xapi'],
            summary: 'Store one statement or an array (all or nothing); 200 with their ids',
            body: StatementsBodySchema,
            response: {
              200: Type.Array(Type.String()),
              400: ErrorSchema,
              401: ErrorSchema,
              409: ErrorSchema,
              413: ErrorSchema,
            },
          },
          onRequest: async (request) => {
            requireVersion(request);
            request.lmsClientId = await authenticateXapi(runtime, request.headers.authorization);
          },
        },
        async (request) => {
          const statements = Array.isArray(request.body) ? request.body : [request.body];
          if (statements.length > runtime.config.ingest.maxBatch) {
            throw new HttpError(
              413,
              'batch_too_large',
              `a request holds at most ${runtime.config.ingest.maxBatch} statements`,
            );
          }
          const at = now();
          const prepared = prepare(statements, at, Array.isArray(request.body));
          await dispatch(request, await store(runtime, request.lmsClientId ?? '', prepared, at));
          return prepared.map((p) => p.id);
        },
      );

      scope.put(
        '/statements',
        {
          schema: {
            tags: ['xapi'],
            summary: 'Store one statement under the given id; 204',
            querystring: Type.Object({ statementId: Type.String({ format: 'uuid' }) }),
            body: StatementSchema,
            response: { 204: Type.Null(), 400: ErrorSchema, 401: ErrorSchema, 409: ErrorSchema },
          },
          onRequest: async (request) => {
            requireVersion(request);
            request.lmsClientId = await authenticateXapi(runtime, request.headers.authorization);
          },
        },
        async (request, reply) => {
          const id = request.query.statementId.toLowerCase();
          if (request.body.id !== undefined && request.body.id.toLowerCase() !== id) {
            throw new HttpError(400, 'invalid_statement', 'the statement id differs from the statementId parameter');
          }
          const at = now();
          const prepared = prepare([{ ...request.body, id }], at, false);
          await dispatch(request, await store(runtime, request.lmsClientId ?? '', prepared, at));
          return reply.code(204).send(null);
        },
      );
      done();
    },
    { prefix: '/xapi' },
  );
}
