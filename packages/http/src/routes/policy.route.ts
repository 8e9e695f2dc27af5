import { InvalidPolicyError, parsePolicy } from '@attain/attainment';
import { findCurrentPolicy, findFramework, savePolicy } from '@attain/db';
import type { Framework } from '@attain/framework';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';

const Params = Type.Object({ id: Type.String(), version: Type.String() });
const responses = { 200: Type.Unknown(), 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema };

/** `levels[2].threshold` (the attainment package's path) as a JSON Pointer. */
function pointerOf(path: string): string {
  return `/${path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('/')}`;
}

/** Attainment policies, per framework version, behind the admin token (registered in the admin scope). */
export function registerPolicyRoutes(admin: AttainFastify, runtime: Runtime): void {
  const load = async (id: string, version: string): Promise<Framework> => {
    const framework = await findFramework(runtime.db, id, version);
    if (framework === undefined) throw new HttpError(404, 'framework_not_found', `no framework ${id} ${version}`);
    return framework;
  };

  admin.get(
    '/policies/:id/:version',
    { schema: { tags: ['admin'], summary: 'The attainment policy in force', params: Params, response: responses } },
    async (request) => {
      const framework = await load(request.params.id, request.params.version);
      const current = await findCurrentPolicy(runtime.db, framework);
      if (current === undefined)
        throw new HttpError(404, 'policy_not_found', `no policy for ${framework.id} ${framework.version}`);
      return {
        framework: framework.id,
        version: framework.version,
        policyVersion: current.policyVersion,
        policy: current.policy,
      };
    },
  );

  admin.put(
    '/policies/:id/:version',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the attainment policy: adds a version; run `attain replay` to apply it to stored results',
        params: Params,
        body: Type.Unknown(),
        response: responses,
      },
    },
    async (request) => {
      const framework = await load(request.params.id, request.params.version);
      let policy;
      try {
        policy = parsePolicy(request.body, framework);
      } catch (error) {
        if (!(error instanceof InvalidPolicyError)) throw error;
        throw new HttpError(400, 'invalid_policy', error.message, [
          { pointer: pointerOf(error.path), detail: error.message },
        ]);
      }
      const policyVersion = await savePolicy(runtime.db, framework, policy);
      return { framework: framework.id, version: framework.version, policyVersion, policy };
    },
  );
}
