import { pingDatabase } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import type { AttainFastify } from '../app-types.js';

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(() => {
          reject(new Error('timeout'));
        }, 2000).unref(),
      ),
    ]);
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

export function registerHealthRoutes(app: AttainFastify, runtime: Runtime): void {
  app.get('/health/live', { schema: { tags: ['operations'], summary: 'The process is up' } }, () => ({ status: 'ok' }));

  app.get(
    '/health/ready',
    { schema: { tags: ['operations'], summary: 'Postgres and the queue backend (Redis or PostgreSQL) answer' } },
    async (_request, reply) => {
      const [postgres, queues] = await Promise.all([
        probe(() => pingDatabase(runtime.db)),
        probe(() => runtime.producer.ping()),
      ]);
      const ready = postgres === 'ok' && queues === 'ok';
      // `redis` only when the queues are on Redis; `queue` names the backend either way.
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'unavailable',
        postgres,
        queue: { backend: runtime.stores.queue, status: queues },
        ...(runtime.stores.queue === 'redis' ? { redis: queues } : {}),
      });
    },
  );
}
