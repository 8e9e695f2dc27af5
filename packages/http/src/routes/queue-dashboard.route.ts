import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { TOPICS } from '@attain/queue';
import type { Runtime } from '@attain/runtime';
import { requireAdmin } from '../admin-auth.js';
import { HttpError, problem, PROBLEM_CONTENT_TYPE } from '../http-error.js';
import type { FastifyReply } from 'fastify';
import type { AttainFastify } from '../app-types.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board for operators at /admin/queues: every pipeline queue, its jobs and their errors,
 * behind the admin token (HTTP Basic in a browser: any user name, the token as password).
 * Retrying or removing a job from here is safe: processors are idempotent and the outbox in
 * Postgres re-drives anything removed before it finished.
 */
export async function registerQueueDashboard(app: AttainFastify, runtime: Runtime): Promise<void> {
  if (runtime.stores.queue !== 'redis') {
    // Bull Board reads Redis itself (server info, keys): it cannot show BullMQ's PostgreSQL backend.
    runtime.logger.info('no REDIS_URL: the queue dashboard (Bull Board) needs Redis and is not served');
    const unavailable = (request: { url: string }, reply: FastifyReply) =>
      reply
        .code(501)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          problem(
            501,
            'queue_dashboard_unavailable',
            'the queue dashboard needs Redis (set REDIS_URL); the queues run on PostgreSQL here: see /metrics and GET /admin/dead-letters',
            request.url.split('?')[0] ?? request.url,
          ),
        );
    app.get(QUEUE_DASHBOARD_PATH, { schema: { hide: true } }, unavailable);
    app.get(`${QUEUE_DASHBOARD_PATH}/*`, { schema: { hide: true } }, unavailable);
    return;
  }
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: TOPICS.map((topic) => new BullMQAdapter(runtime.producer.queue(topic), { description: topic })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Attain queues' } },
  });
  await app.register(
    async (scope) => {
      const check = requireAdmin(runtime, { challenge: 'Basic' });
      // Bull Board sets its own error handler, which would drop the challenge header: answer here.
      scope.addHook('onRequest', async (request, reply) => {
        try {
          await check(request);
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          const instance = request.url.split('?')[0] ?? request.url;
          return reply
            .code(error.statusCode)
            .headers(error.headers)
            .type(PROBLEM_CONTENT_TYPE)
            .send(problem(error.statusCode, error.code, error.message, instance));
        }
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
