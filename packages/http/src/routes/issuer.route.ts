import { frameworkUrl } from '@attain/framework';
import {
  assignFrameworkIssuer,
  createIssuer,
  IssuerExistsError,
  listFrameworks,
  listIssuers,
  updateIssuer,
} from '@attain/db';
import type { Issuer, Runtime } from '@attain/runtime';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { adminActor, requireAdmin } from '../admin-auth.js';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';
import { issuerPage } from '../web/issuer.page.js';

const SLUG = '^[a-z0-9][a-z0-9-]{0,62}$';
const Profile = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
  image: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 })),
};
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** Issuers and their Profiles: `/admin/issuers…`. The default issuer is configured by ISSUER_*. */
export async function registerIssuerRoutes(app: AttainFastify, runtime: Runtime, now: () => Date): Promise<void> {
  const describe = async () => {
    const records = await listIssuers(runtime.db);
    return records.map((r) => ({ ...r, did: runtime.issuers.bySlug(r.id)?.did ?? null }));
  };
  await app.register((plugin, _options, done) => {
    const admin = plugin.withTypeProvider<TypeBoxTypeProvider>();
    admin.addHook('onRequest', requireAdmin(runtime));
    admin.get(
      '/admin/issuers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Issuers, their profiles, DIDs and frameworks',
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      describe,
    );
    admin.post(
      '/admin/issuers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add an issuer (its signing key is made at once)',
          body: Type.Object({ id: Type.String({ pattern: SLUG }), ...Profile }, { additionalProperties: false }),
          response: { 201: Type.Unknown(), ...errors },
        },
      },
      async (request, reply) => {
        const { id, name, url, email, image } = request.body;
        try {
          await createIssuer(
            runtime.db,
            { id, name, url: url ?? null, email: email ?? null, image: image ?? null },
            { actor: adminActor(request), at: now() },
          );
        } catch (error) {
          if (error instanceof IssuerExistsError) throw new HttpError(409, 'issuer_exists', error.message);
          throw error;
        }
        await runtime.refreshIssuer();
        return reply.code(201).send((await describe()).find((i) => i.id === id));
      },
    );
    admin.patch(
      '/admin/issuers/:id',
      {
        schema: {
          tags: ['admin'],
          summary: "Change an issuer's profile (new credentials carry it; issued ones are corrected one by one)",
          params: Type.Object({ id: Type.String({ pattern: SLUG }) }),
          body: Type.Partial(Type.Object(Profile), { additionalProperties: false, minProperties: 1 }),
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      async (request) => {
        if (request.params.id === 'default')
          throw new HttpError(
            409,
            'configured_by_environment',
            'the default issuer is set by ISSUER_NAME, ISSUER_URL, ISSUER_EMAIL and ISSUER_IMAGE_URL',
          );
        const found = await updateIssuer(runtime.db, request.params.id, request.body, {
          actor: adminActor(request),
          at: now(),
        });
        if (!found) throw new HttpError(404, 'issuer_not_found', `no issuer ${request.params.id}`);
        await runtime.refreshIssuer();
        return (await describe()).find((i) => i.id === request.params.id);
      },
    );
    admin.put(
      '/admin/issuers/:id/frameworks/:framework',
      {
        schema: {
          tags: ['admin'],
          summary: "Make this issuer sign the framework's new credentials",
          params: Type.Object({
            id: Type.String({ pattern: SLUG }),
            framework: Type.String({ minLength: 1, maxLength: 64 }),
          }),
          response: { 200: Type.Unknown(), ...errors },
        },
      },
      async (request) => {
        const { id, framework } = request.params;
        const outcome = await assignFrameworkIssuer(runtime.db, framework, id, {
          actor: adminActor(request),
          at: now(),
        });
        if (outcome === 'no-issuer') throw new HttpError(404, 'issuer_not_found', `no issuer ${id}`);
        if (outcome === 'no-framework')
          throw new HttpError(404, 'framework_not_found', `no framework ${framework} is imported`);
        await runtime.refreshIssuer();
        return (await describe()).find((i) => i.id === id);
      },
    );
    done();
  });
}

/** The human page of an issuer of this service (/issuers/:slug asked for by a browser). */
export async function issuerHtml(runtime: Runtime, issuer: Issuer): Promise<string> {
  const base = runtime.config.http.publicUrl;
  const frameworks = (await listFrameworks(runtime.db)).filter(
    (f) => runtime.issuers.forFramework(f.id).slug === issuer.slug,
  );
  const { name, url, email, image } = issuer.profile;
  return issuerPage({
    did: issuer.did,
    name,
    url,
    ...(email === undefined ? {} : { email }),
    ...(image === undefined ? {} : { image }),
    frameworks: frameworks.map((f) => ({ id: `${f.title} (${f.id} ${f.version})`, url: frameworkUrl(base, f) })),
  });
}
