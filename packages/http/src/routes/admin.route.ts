import {
  createAdminToken,
  listAdminTokens,
  listAuditEvents,
  createLmsClient,
  findMappingsForActivity,
  listLmsClients,
  listParkedActivities,
  listUnsupportedAttainments,
  revokeAdminToken,
  rotateLmsClientSecrets,
  saveActivityMappings,
  setLmsClientDisabled,
  UnknownStatementCodesError,
  verifyAuditChain,
  type LmsClient,
} from '@attain/db';
import { LmsClientCache } from '../lms-client-cache.js';
import { mapEventWork } from '@attain/pipeline';
import { newAdminToken, newLmsClientSecrets, type Runtime } from '@attain/runtime';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireAdmin } from '../admin-auth.js';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';
import { registerPolicyRoutes } from './policy.route.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Name = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const MappingsBody = Type.Array(
  Type.Object(
    {
      activityId: Type.String({ minLength: 1, maxLength: 2048 }),
      framework: Type.String({ minLength: 1, maxLength: 64 }),
      version: Type.String({ minLength: 1, maxLength: 64 }),
      statements: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 10_000 },
);
// Success bodies are documented by summary; their shape is the repository's, serialised as is.
const errors = {
  200: Type.Unknown(),
  201: Type.Unknown(),
  204: Type.Null(),
  400: ErrorSchema,
  401: ErrorSchema,
  404: ErrorSchema,
};

function publicClient(client: LmsClient): Record<string, unknown> {
  return {
    id: client.id,
    name: client.name,
    xapiKey: client.xapiKey,
    disabled: client.disabled,
    createdAt: client.createdAt.toISOString(),
  };
}

/**
 * The operator's API, behind a bearer admin token (ATTAIN_ADMIN_TOKEN, or one made with
 * `attain admin-token create`). There is no unauthenticated write path anywhere.
 */
export async function registerAdminRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  await app.register(
    (plugin, _options, done) => {
      const admin = plugin.withTypeProvider<TypeBoxTypeProvider>();
      admin.addHook('onRequest', requireAdmin(runtime));

      admin.get(
        '/lms-clients',
        { schema: { tags: ['admin'], summary: 'LMS clients (no secrets)', response: errors } },
        async () => (await listLmsClients(runtime.db)).map(publicClient),
      );

      admin.post(
        '/lms-clients',
        {
          schema: {
            tags: ['admin'],
            summary: 'Create an LMS client; its secrets are shown once',
            body: Name,
            response: errors,
          },
        },
        async (request, reply) => {
          const secrets = newLmsClientSecrets(runtime.kek);
          const client = await createLmsClient(runtime.db, { name: request.body.name, ...secrets.stored });
          const { hmacSecret, xapiKey, xapiSecret } = secrets;
          return reply.code(201).send({ ...publicClient(client), hmacSecret, xapiKey, xapiSecret });
        },
      );

      for (const [action, disabled] of [
        ['disable', true],
        ['enable', false],
      ] as const) {
        admin.post(
          `/lms-clients/:id/${action}`,
          {
            schema: {
              tags: ['admin'],
              summary: `${action[0]?.toUpperCase() ?? ''}${action.slice(1)} an LMS client`,
              params: Id,
              response: errors,
            },
          },
          async (request) => {
            const client = await setLmsClientDisabled(runtime.db, request.params.id, disabled);
            LmsClientCache.forget(runtime.db, request.params.id);
            if (client === undefined)
              throw new HttpError(404, 'lms_client_not_found', `no LMS client ${request.params.id}`);
            return publicClient(client);
          },
        );
      }

      admin.post(
        '/lms-clients/:id/rotate',
        {
          schema: {
            tags: ['admin'],
            summary: 'Replace all secrets of an LMS client; the new ones are shown once',
            params: Id,
            response: errors,
          },
        },
        async (request) => {
          const secrets = newLmsClientSecrets(runtime.kek);
          const client = await rotateLmsClientSecrets(runtime.db, request.params.id, secrets.stored);
          LmsClientCache.forget(runtime.db, request.params.id);
          if (client === undefined)
            throw new HttpError(404, 'lms_client_not_found', `no LMS client ${request.params.id}`);
          const { hmacSecret, xapiKey, xapiSecret } = secrets;
          return { ...publicClient(client), hmacSecret, xapiKey, xapiSecret };
        },
      );

      admin.get(
        '/parked',
        { schema: { tags: ['admin'], summary: 'Results kept for want of a mapping, by activity', response: errors } },
        async () => (await listParkedActivities(runtime.db)).map((p) => ({ ...p, oldest: p.oldest.toISOString() })),
      );

      admin.get(
        '/mappings',
        {
          schema: {
            tags: ['admin'],
            summary: "An activity's statement mappings",
            querystring: Type.Object({ activityId: Type.String({ minLength: 1 }) }),
            response: errors,
          },
        },
        async (request) => findMappingsForActivity(runtime.db, request.query.activityId),
      );

      admin.post(
        '/mappings',
        {
          schema: {
            tags: ['admin'],
            summary: 'Add mappings (activity → statements); parked results of those activities are processed again',
            body: MappingsBody,
            response: errors,
          },
        },
        async (request) => {
          try {
            const { added, requeued } = await saveActivityMappings(
              runtime.db,
              request.body.map((m) => ({
                activityId: m.activityId,
                frameworkId: m.framework,
                version: m.version,
                statements: m.statements,
              })),
              now(),
              mapEventWork,
            );
            await runtime.outbox.dispatchCommitted(requeued, request.log);
            return { activities: request.body.length, added, requeued: requeued.length };
          } catch (error) {
            if (!(error instanceof UnknownStatementCodesError)) throw error;
            const index = request.body.findIndex(
              (m) => m.activityId === error.activityId && error.codes.some((code) => m.statements.includes(code)),
            );
            throw new HttpError(400, 'unknown_statement', error.message, [
              { pointer: `/${index}/statements`, detail: error.message },
            ]);
          }
        },
      );

      admin.get(
        '/attainments/unsupported',
        {
          schema: {
            tags: ['admin'],
            summary:
              'Attained levels whose evidence was since voided; revoking their credentials is for the operator to decide',
            response: errors,
          },
        },
        async () =>
          (await listUnsupportedAttainments(runtime.db)).map((a) => ({
            ...a,
            unsupportedSince: a.unsupportedSince.toISOString(),
          })),
      );

      admin.get(
        '/audit',
        {
          schema: {
            tags: ['admin'],
            summary: 'The latest audit events, newest first',
            querystring: Type.Object({
              subject: Type.Optional(Type.String({ minLength: 1 })),
              limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
            }),
            response: errors,
          },
        },
        async (request) =>
          (
            await listAuditEvents(runtime.db, {
              limit: Number(request.query.limit ?? 100),
              ...(request.query.subject === undefined ? {} : { subject: request.query.subject }),
            })
          ).map((e) => ({ ...e, at: e.at.toISOString() })),
      );

      admin.get(
        '/audit/verify',
        {
          schema: { tags: ['admin'], summary: 'Check the audit chain; names the first broken link', response: errors },
        },
        () => verifyAuditChain(runtime.db),
      );

      registerPolicyRoutes(admin, runtime);

      admin.post(
        '/tokens',
        { schema: { tags: ['admin'], summary: 'Create an admin token; shown once', body: Name, response: errors } },
        async (request, reply) => {
          const { token, tokenHash } = newAdminToken();
          const created = await createAdminToken(runtime.db, { name: request.body.name, tokenHash });
          return reply.code(201).send({ id: created.id, name: created.name, token });
        },
      );

      admin.get(
        '/tokens',
        { schema: { tags: ['admin'], summary: 'Admin tokens (never the tokens themselves)', response: errors } },
        async () => (await listAdminTokens(runtime.db)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
      );

      admin.delete(
        '/tokens/:id',
        { schema: { tags: ['admin'], summary: 'Revoke an admin token', params: Id, response: errors } },
        async (request, reply) => {
          if (!(await revokeAdminToken(runtime.db, request.params.id))) {
            throw new HttpError(404, 'token_not_found', `no active admin token ${request.params.id}`);
          }
          return reply.code(204).send(null);
        },
      );
      done();
    },
    { prefix: '/admin' },
  );
}
