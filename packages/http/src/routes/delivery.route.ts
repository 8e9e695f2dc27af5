import { listDeadLetters, listDeliveries, redriveDeadLetter, setLmsClientWebhook } from '@attain/db';
import { retryDeadDelivery } from '@attain/pipeline';
import type { Runtime } from '@attain/runtime';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireAdmin } from '../admin-auth.js';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';

const errors = { 200: Type.Unknown(), 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** Notifications for operators: LMS webhooks, the deliveries and their dead-letter list. */
export async function registerDeliveryRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  await app.register((plugin, _options, done) => {
    const admin = plugin.withTypeProvider<TypeBoxTypeProvider>();
    admin.addHook('onRequest', requireAdmin(runtime));
    admin.put(
      '/admin/lms-clients/:id/webhook',
      {
        schema: {
          tags: ['admin'],
          summary: 'Where an LMS client hears of issued credentials (signed with its HMAC secret); null removes it',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { url: Type.Union([Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }), Type.Null()]) },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request) => {
        const client = await setLmsClientWebhook(runtime.db, request.params.id, request.body.url);
        if (client === undefined)
          throw new HttpError(404, 'lms_client_not_found', `no LMS client ${request.params.id}`);
        return { id: client.id, name: client.name, webhookUrl: client.webhookUrl };
      },
    );
    admin.get(
      '/admin/deliveries',
      {
        schema: {
          tags: ['admin'],
          summary: 'Notification deliveries, newest first; ?status=dead is the dead-letter list',
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
              ),
              credentialId: Type.Optional(Type.String({ format: 'uuid' })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request) => listDeliveries(runtime.db, request.query),
    );
    admin.post(
      '/admin/deliveries/:id/retry',
      {
        schema: {
          tags: ['admin'],
          summary: 'Send a dead delivery again (its attempts start over)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: errors,
        },
      },
      async (request) => {
        const work = await retryDeadDelivery(runtime.db, request.params.id, now());
        if (work === undefined)
          throw new HttpError(409, 'delivery_not_dead', `delivery ${request.params.id} is not in the dead-letter list`);
        await runtime.outbox.dispatchCommitted(work, request.log);
        return { id: request.params.id, status: 'pending' };
      },
    );
    admin.get(
      '/admin/dead-letters',
      {
        schema: {
          tags: ['admin'],
          summary: 'Work set aside after too many attempts (poison), with its last error',
          response: errors,
        },
      },
      async () => listDeadLetters(runtime.db),
    );
    admin.post(
      '/admin/dead-letters/:id/redrive',
      {
        schema: {
          tags: ['admin'],
          summary: 'Put a dead piece of work back in line (its attempts start over)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: errors,
        },
      },
      async (request) => {
        const item = await redriveDeadLetter(runtime.db, request.params.id, now());
        if (item === undefined)
          throw new HttpError(409, 'not_dead', `${request.params.id} is not in the dead-letter list`);
        await runtime.outbox.dispatchCommitted([item], request.log);
        return { id: item.id, topic: item.topic, status: 'pending' };
      },
    );
    done();
  });
}
