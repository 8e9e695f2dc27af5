import { findLevel, findStatement, frameworkUrl, levelUrl, statementUrl, type Framework } from '@attain/framework';
import { findFramework, listFrameworks } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';

const FrameworkParams = Type.Object({ id: Type.String(), version: Type.String() });
const JsonObject = Type.Object({}, { additionalProperties: true });

/** The URLs credentials point at (achievement ids, alignment targetUrls) answer JSON here. */
export function registerFrameworkRoutes(app: AttainFastify, runtime: Runtime): void {
  const base = runtime.config.http.publicUrl;
  const load = async (id: string, version: string): Promise<Framework> => {
    const framework = await findFramework(runtime.db, id, version);
    if (framework === undefined) throw new HttpError(404, 'framework_not_found', `no framework ${id} ${version}`);
    return framework;
  };

  app.get('/frameworks', { schema: { tags: ['frameworks'], summary: 'Imported frameworks' } }, async () => {
    const list = await listFrameworks(runtime.db);
    return list.map((f) => ({ ...f, url: frameworkUrl(base, f) }));
  });

  app.get(
    '/frameworks/:id/:version',
    { schema: { tags: ['frameworks'], params: FrameworkParams, response: { 200: JsonObject, 404: ErrorSchema } } },
    async (request) => {
      const f = await load(request.params.id, request.params.version);
      return {
        id: frameworkUrl(base, f),
        frameworkId: f.id,
        version: f.version,
        title: f.title,
        description: f.description,
        occupation: f.occupation,
        source: f.source,
        levels: f.levels.map((l) => ({
          key: l.key,
          label: l.label,
          url: levelUrl(base, f, l.key),
          statements: l.statements.map((s) => ({ code: s.code, text: s.text, url: statementUrl(base, f, s.code) })),
        })),
      };
    },
  );

  app.get(
    '/frameworks/:id/:version/levels/:level',
    {
      schema: {
        tags: ['frameworks'],
        summary: 'A level as an Open Badges Achievement',
        params: Type.Object({ id: Type.String(), version: Type.String(), level: Type.String() }),
        response: { 200: JsonObject, 404: ErrorSchema },
      },
    },
    async (request) => {
      const f = await load(request.params.id, request.params.version);
      const level = findLevel(f, request.params.level);
      if (level === undefined)
        throw new HttpError(404, 'level_not_found', `${f.id} ${f.version} has no level ${request.params.level}`);
      return {
        id: levelUrl(base, f, level.key),
        type: ['Achievement'],
        name: `${level.label} — ${f.title}`,
        description: `Level ${level.index + 1} of ${f.levels.length} of the ${f.title} framework (${f.id}, ${f.version}).`,
        framework: frameworkUrl(base, f),
        alignment: level.statements.map((s) => ({
          type: ['Alignment'],
          targetName: s.text,
          targetUrl: statementUrl(base, f, s.code),
          targetCode: s.code,
        })),
      };
    },
  );

  app.get(
    '/frameworks/:id/:version/statements/:code',
    {
      schema: {
        tags: ['frameworks'],
        summary: 'One framework statement (an alignment targetUrl)',
        params: Type.Object({ id: Type.String(), version: Type.String(), code: Type.String() }),
        response: { 200: JsonObject, 404: ErrorSchema },
      },
    },
    async (request) => {
      const f = await load(request.params.id, request.params.version);
      const statement = findStatement(f, request.params.code);
      if (statement === undefined) {
        throw new HttpError(404, 'statement_not_found', `${f.id} ${f.version} has no statement ${request.params.code}`);
      }
      const level = findLevel(f, statement.levelKey);
      return {
        id: statementUrl(base, f, statement.code),
        code: statement.code,
        text: statement.text,
        level: { key: statement.levelKey, label: level?.label, url: levelUrl(base, f, statement.levelKey) },
        framework: { id: f.id, version: f.version, title: f.title, url: frameworkUrl(base, f) },
      };
    },
  );
}
