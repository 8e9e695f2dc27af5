import { verifyCredential } from '@attain/credentials';
import { findCredential } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema, VerifyBodySchema, VerifyResponseSchema } from '../schemas.js';
import { localStatusListLoader } from './status-list.route.js';
import { issuerDids } from './vc-api.route.js';

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

  app.post(
    '/credentials/verify',
    {
      schema: {
        tags: ['credentials'],
        summary: 'Verify a credential (VC-API): 200 when valid, 422 with the failed checks when not',
        body: VerifyBodySchema,
        response: { 200: VerifyResponseSchema, 400: ErrorSchema, 422: VerifyResponseSchema },
      },
    },
    async (request, reply) => {
      if (request.body.verifiableCredential === undefined) {
        throw new HttpError(400, 'invalid_body', 'body must hold verifiableCredential');
      }
      const report = await verifyCredential({
        credential: request.body.verifiableCredential,
        documentLoader: runtime.issuer.documentLoader,
        now: now(),
        trustedIssuers: await issuerDids(runtime),
        loadStatusList: localStatusListLoader(runtime),
      });
      return reply.code(report.verified ? 200 : 422).send(report);
    },
  );
}
