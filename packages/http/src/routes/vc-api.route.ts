import { verifyPresentation } from '@attain/credentials';
import { issueRequestedCredential, IssueRequestError, type Runtime } from '@attain/runtime';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { adminActor, requireAdmin } from '../admin-auth.js';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';
import { refuseLargeBody, VERIFY_BODY_LIMIT, verificationGuardOf } from '../verification-guard.js';
import { localStatusListLoader } from './status-list.route.js';

/** Every DID this deployment has issued under: each issuer's, and each earlier key's did:key. */
export function issuerDids(runtime: Runtime): Promise<string[]> {
  return Promise.resolve(runtime.issuers.knownDids);
}

/**
 * The W3C VC-API (VCALM) issuing and presentation endpoints. `POST /credentials/verify` and
 * `POST /credentials/status` live with the other credential routes.
 */
export async function registerVcApiRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  await app.register((plugin, _options, done) => {
    const admin = plugin.withTypeProvider<TypeBoxTypeProvider>();
    admin.addHook('onRequest', requireAdmin(runtime));
    admin.post(
      '/credentials/issue',
      {
        schema: {
          tags: ['vc-api'],
          summary: 'Sign a VC 2.0 or VC 1.1 credential as this issuer (eddsa-rdfc-2022), with a revocation entry',
          body: Type.Object(
            { credential: Type.Unknown(), options: Type.Optional(Type.Unknown()) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ verifiableCredential: Type.Object({}, { additionalProperties: true }) }),
            400: ErrorSchema,
            401: ErrorSchema,
            409: ErrorSchema,
            422: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        if (request.body.credential === undefined)
          throw new HttpError(400, 'invalid_body', 'body must hold credential', [
            { pointer: '/credential', detail: 'is required' },
          ]);
        try {
          const verifiableCredential = await issueRequestedCredential(
            {
              db: runtime.db,
              issuers: runtime.issuers,
              statusLists: runtime.statusLists,
              status: { listLength: runtime.config.status.listLength, suspension: runtime.config.status.suspension },
            },
            {
              credential: request.body.credential,
              options: request.body.options,
              actor: adminActor(request),
              now: now(),
            },
          );
          return await reply.code(201).send({ verifiableCredential });
        } catch (error) {
          if (error instanceof IssueRequestError)
            throw new HttpError(
              error.status,
              error.code,
              error.message,
              error.problems.length > 0 ? error.problems : undefined,
            );
          throw error;
        }
      },
    );
    done();
  });

  const guard = verificationGuardOf(app);
  app.post(
    '/presentations/verify',
    {
      bodyLimit: VERIFY_BODY_LIMIT,
      preParsing: refuseLargeBody(VERIFY_BODY_LIMIT),
      schema: {
        tags: ['vc-api'],
        summary: 'Verify a presentation (VC-API): holder proof, challenge, domain, and every credential in it',
        body: Type.Object({
          verifiablePresentation: Type.Unknown(),
          options: Type.Object(
            {
              challenge: Type.String({ minLength: 1, maxLength: 1024 }),
              domain: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
            },
            { additionalProperties: true },
          ),
        }),
        response: { 200: Type.Unknown(), 400: ErrorSchema, 413: ErrorSchema, 422: Type.Unknown(), 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { verifiablePresentation, options } = request.body;
      if (verifiablePresentation === undefined)
        throw new HttpError(400, 'invalid_body', 'body must hold verifiablePresentation');
      const report = await guard.run(async () =>
        verifyPresentation({
          presentation: verifiablePresentation,
          challenge: options.challenge,
          ...(options.domain === undefined ? {} : { domain: options.domain }),
          documentLoader: runtime.issuer.documentLoader,
          now: now(),
          trustedIssuers: await issuerDids(runtime),
          loadStatusList: localStatusListLoader(runtime),
          stockVerifier: guard.stockVerifier,
        }),
      );
      return reply.code(report.verified ? 200 : 422).send(report);
    },
  );
}
