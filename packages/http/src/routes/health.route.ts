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
    { schema: { tags: ['operations'], summary: 'Postgres and Redis answer' } },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        probe(() => pingDatabase(runtime.db)),
        probe(() => runtime.producer.ping()),
      ]);
      const ready = postgres === 'ok' && redis === 'ok';
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', postgres, redis });
    },
  );
}
