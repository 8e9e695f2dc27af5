import { findStatusEntries, listCredentialVersions } from '@attain/db';
import { correctCredential, CorrectionError } from '@attain/pipeline';
import {
  changeCredentialStatus,
  stateOf,
  statusCredentialId,
  StatusChangeError,
  type Runtime,
  type StatusAction,
  type StatusChange,
} from '@attain/runtime';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { adminActor, requireAdmin } from '../admin-auth.js';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';

const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

const STATUS_CODES: Record<StatusChangeError['code'], number> = {
  'credential-not-found': 404,
  'no-status-entry': 409,
  'already-revoked': 409,
  'suspension-not-enabled': 409,
  'not-suspended': 409,
  'reason-required': 400,
};

const CORRECTION_CODES: Record<CorrectionError['code'], number> = {
  'credential-not-found': 404,
  'credential-revoked': 409,
  'credential-expired': 409,
  'superseded-by-renewal': 409,
  'reason-required': 400,
  'no-signing-key': 409,
};

/**
 * Revoke (final), suspend and reinstate: the admin API (`/admin/credentials/:id/…`) and the
 * VC-API's `POST /credentials/status`. Each change needs a reason and is audited.
 */
export async function registerCredentialStatusRoutes(
  app: AttainFastify,
  runtime: Runtime,
  now: () => Date,
): Promise<void> {
  const change = async (request: FastifyRequest, id: string, action: StatusAction, reason: string) => {
    let result: StatusChange;
    try {
      result = await changeCredentialStatus(runtime.db, {
        credentialId: id,
        action,
        reason,
        actor: adminActor(request),
        at: now(),
        redriveAfterMs: runtime.config.relay.retryAfterMs,
      });
    } catch (error) {
      if (error instanceof StatusChangeError)
        throw new HttpError(STATUS_CODES[error.code], error.code.replaceAll('-', '_'), error.message);
      throw error;
    }
    await runtime.outbox.dispatchCommitted(result.work, request.log);
    return { credentialId: result.credentialId, status: result.state, changed: result.changed };
  };

  await app.register((plugin, _options, done) => {
    plugin.addHook('onRequest', requireAdmin(runtime));
    const typed = plugin.withTypeProvider<TypeBoxTypeProvider>();
    for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
      typed.post(
        `/admin/credentials/:id/${action}`,
        {
          schema: {
            tags: ['admin'],
            summary: `${action[0]?.toUpperCase() ?? ''}${action.slice(1)} a credential (with a reason; audited)`,
            params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 2048 }) }),
            body: Type.Object({ reason: Reason }, { additionalProperties: false }),
            response: { 200: Type.Unknown(), ...errors },
          },
        },
        (request) => change(request, request.params.id, action, request.body.reason),
      );
    }

    typed.get(
      '/admin/credentials/:id/status',
      {
        schema: {
          tags: ['admin'],
          summary: "A credential's status entries and state",
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 2048 }) }),
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      async (request) => {
        const credentialId = statusCredentialId(request.params.id);
        const entries = await findStatusEntries(runtime.db, credentialId);
        if (entries.length === 0)
          throw new HttpError(404, 'credential_not_found', `no credential ${credentialId} with a status entry`);
        return {
          credentialId,
          status: stateOf(entries),
          entries: entries.map((e) => ({
            purpose: e.purpose,
            statusListCredential: runtime.statusLists.urlOf(e.listId),
            statusListIndex: String(e.index),
            set: e.isSet,
            reason: e.reason,
            changedAt: e.changedAt?.toISOString() ?? null,
          })),
        };
      },
    );

    typed.post(
      '/admin/credentials/:id/correct',
      {
        schema: {
          tags: ['admin'],
          summary: 'Re-issue a corrected credential: same id and issuer, newer validFrom, original awardedDate',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 2048 }) }),
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      async (request) => {
        try {
          const correction = await correctCredential(
            {
              db: runtime.db,
              issuers: runtime.issuers,
              publicUrl: runtime.config.http.publicUrl,
              status: { listLength: runtime.config.status.listLength, suspension: runtime.config.status.suspension },
            },
            { credentialId: request.params.id, reason: request.body.reason, actor: adminActor(request), at: now() },
          );
          return {
            credentialId: correction.credentialId,
            version: correction.version,
            credential: correction.document,
          };
        } catch (error) {
          if (error instanceof CorrectionError)
            throw new HttpError(CORRECTION_CODES[error.code], error.code.replaceAll('-', '_'), error.message);
          throw error;
        }
      },
    );

    typed.get(
      '/admin/credentials/:id/versions',
      {
        schema: {
          tags: ['admin'],
          summary: 'Every version of a credential, oldest first; the last is the one served now',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 2048 }) }),
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      async (request) => {
        const versions = await listCredentialVersions(runtime.db, request.params.id.replace(/^urn:uuid:/, ''));
        if (versions.length === 0)
          throw new HttpError(404, 'credential_not_found', `no credential ${request.params.id}`);
        return versions.map((v) => ({
          version: v.version,
          validFrom: v.validFrom.toISOString(),
          validUntil: v.validUntil?.toISOString() ?? null,
          supersededAt: v.supersededAt?.toISOString() ?? null,
          reason: v.reason,
          credential: v.document,
        }));
      },
    );

    // VC-API (VCALM) "update status": {credentialId, credentialStatus: {type, statusPurpose}, status}.
    typed.post(
      '/credentials/status',
      {
        schema: {
          tags: ['vc-api'],
          summary: 'Update a credential status (VC-API); an optional `reason` goes to the audit trail',
          body: Type.Object(
            {
              credentialId: Type.String({ minLength: 1, maxLength: 2048 }),
              credentialStatus: Type.Object(
                {
                  type: Type.Literal('BitstringStatusListEntry'),
                  statusPurpose: Type.Union([Type.Literal('revocation'), Type.Literal('suspension')]),
                  id: Type.Optional(Type.String()),
                  statusListCredential: Type.Optional(Type.String()),
                  statusListIndex: Type.Optional(Type.String()),
                },
                { additionalProperties: false },
              ),
              status: Type.Boolean({ description: 'true sets the bit (revoke/suspend), false clears it (reinstate)' }),
              reason: Type.Optional(Reason),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      async (request) => {
        const { credentialId, credentialStatus, status } = request.body;
        // VC-API clients need not send a reason; the audit trail then says who asked, and how.
        const reason = request.body.reason ?? 'no reason given (VC-API request)';
        if (credentialStatus.statusPurpose === 'revocation' && !status)
          throw new HttpError(
            409,
            'revocation_is_final',
            'a revocation cannot be undone; issue a new credential instead',
          );
        const action: StatusAction =
          credentialStatus.statusPurpose === 'revocation' ? 'revoke' : status ? 'suspend' : 'reinstate';
        return change(request, credentialId, action, reason);
      },
    );
    done();
  });
}
