import { findCredential } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema, VerifyBodySchema, VerifyResponseSchema } from '../schemas.js';
import { refuseLargeBody, VERIFY_BODY_LIMIT, verificationGuardOf } from '../verification-guard.js';
import { verifyForResult } from '../verification-result.js';

/** Accepts the bare uuid or the credential's own `urn:uuid:` id. */
function credentialUuid(id: string): string {
  return id.startsWith('urn:uuid:') ? id.slice('urn:uuid:'.length) : id;
}

export function registerCredentialRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): void {
  app.get(
    '/credentials/:id',
    {
      schema: {
        tags: ['credentials'],
        summary: 'The signed credential JSON (OpenBadgeCredential, VC 2.0)',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const stored = await findCredential(runtime.db, credentialUuid(request.params.id));
      if (stored === undefined) throw new HttpError(404, 'credential_not_found', `no credential ${request.params.id}`);
      return reply.header('content-type', 'application/json; charset=utf-8').send(stored.document);
    },
  );

  const guard = verificationGuardOf(app);
  app.post(
    '/credentials/verify',
    {
      // Public and anonymous: a credential is about 12 KB; a huge body is refused before it is read.
      bodyLimit: VERIFY_BODY_LIMIT,
      preParsing: refuseLargeBody(VERIFY_BODY_LIMIT),
      schema: {
        tags: ['credentials'],
        summary: 'Verify a credential (VC-API): 200 when valid, 422 with the failed checks when not',
        body: VerifyBodySchema,
        response: {
          200: VerifyResponseSchema,
          400: ErrorSchema,
          413: ErrorSchema,
          422: VerifyResponseSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      if (request.body.verifiableCredential === undefined) {
        throw new HttpError(400, 'invalid_body', 'body must hold verifiableCredential');
      }
      const result = await verifyForResult(runtime, guard, {
        credential: request.body.verifiableCredential,
        source: 'JSON',
        now: now(),
      });
      return reply.code(result.verified ? 200 : 422).send(result);
    },
  );
}
