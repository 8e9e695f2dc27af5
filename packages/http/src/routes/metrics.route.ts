import { timingSafeEqual, createHash } from 'node:crypto';
import { metricsText, type Runtime } from '@attain/runtime';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Prometheus metrics: ingest, HTTP latency, queue depth and age, job durations and failures,
 * credentials issued, outbox lag and dead letters. With METRICS_TOKEN set, scrapes need it.
 */
export function registerMetricsRoute(app: AttainFastify, runtime: Runtime): void {
  const token = runtime.config.metrics.token;
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics' } }, async (request, reply) => {
    if (token !== undefined) {
      const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(given), digest(token)))
        throw new HttpError(401, 'unauthorized', 'metrics need the METRICS_TOKEN (Authorization: Bearer …)');
    }
    const { contentType, body } = await metricsText();
    return reply.header('content-type', contentType).send(body);
  });
}
