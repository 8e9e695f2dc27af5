import { findAssessmentEvent } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A credential's evidence URL: what was assessed and when; never the learner or the score. */
export function registerEvidenceRoutes(app: AttainFastify, runtime: Runtime): void {
  app.get(
    '/evidence/:id',
    {
      schema: {
        tags: ['credentials'],
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorSchema },
      },
    },
    async (request) => {
      const event = UUID.test(request.params.id) ? await findAssessmentEvent(runtime.db, request.params.id) : undefined;
      if (event === undefined) throw new HttpError(404, 'evidence_not_found', `no evidence ${request.params.id}`);
      return {
        id: `${runtime.config.http.publicUrl}/evidence/${event.id}`,
        type: ['Evidence'],
        activityId: event.activityId,
        completedAt: event.completedAt.toISOString(),
      };
    },
  );
}
