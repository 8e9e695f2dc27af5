import { findLevel, findStatement, frameworkUrl, levelUrl, statementUrl, type Framework } from '@attain/framework';
import { findFramework, listFrameworks } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { Type } from '@sinclair/typebox';
import type { AttainFastify } from '../app-types.js';
import { HttpError } from '../http-error.js';
import { ErrorSchema } from '../schemas.js';
import { frameworkPage, levelPage, statementPage } from '../web/framework.page.js';
import { sendNotFoundPage, sendPage } from '../web/html-reply.js';
import { wantsHtml } from '../web/wants-html.js';

const FrameworkParams = Type.Object({ id: Type.String(), version: Type.String() });
const JsonObject = Type.Object({}, { additionalProperties: true });

/**
 * The URLs credentials point at (achievement ids, alignment targetUrls): JSON for programs, a page
 * for browsers (Accept: text/html ahead of JSON).
 */
export function registerFrameworkRoutes(app: AttainFastify, runtime: Runtime): void {
  const base = runtime.config.http.publicUrl;
  const find = (id: string, version: string): Promise<Framework | undefined> => findFramework(runtime.db, id, version);
  const notFound = (id: string, version: string) =>
    new HttpError(404, 'framework_not_found', `no framework ${id} ${version}`);

  app.get('/frameworks', { schema: { tags: ['frameworks'], summary: 'Imported frameworks' } }, async () => {
    const list = await listFrameworks(runtime.db);
    return list.map((f) => ({ ...f, url: frameworkUrl(base, f) }));
  });

  app.get(
    '/frameworks/:id/:version',
    { schema: { tags: ['frameworks'], params: FrameworkParams, response: { 200: JsonObject, 404: ErrorSchema } } },
    async (request, reply) => {
      const html = wantsHtml(request.headers.accept);
      const f = await find(request.params.id, request.params.version);
      if (f === undefined && html) return sendNotFoundPage(reply, 'framework');
      if (f === undefined) throw notFound(request.params.id, request.params.version);
      const body = {
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
      return html ? sendPage(reply, frameworkPage(body)) : body;
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
    async (request, reply) => {
      const html = wantsHtml(request.headers.accept);
      const f = await find(request.params.id, request.params.version);
      const level = f === undefined ? undefined : findLevel(f, request.params.level);
      if ((f === undefined || level === undefined) && html) return sendNotFoundPage(reply, 'level');
      if (f === undefined) throw notFound(request.params.id, request.params.version);
      if (level === undefined)
        throw new HttpError(404, 'level_not_found', `${f.id} ${f.version} has no level ${request.params.level}`);
      const body = {
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
      return html ? sendPage(reply, levelPage(body)) : body;
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
    async (request, reply) => {
      const html = wantsHtml(request.headers.accept);
      const f = await find(request.params.id, request.params.version);
      const statement = f === undefined ? undefined : findStatement(f, request.params.code);
      if ((f === undefined || statement === undefined) && html) return sendNotFoundPage(reply, 'statement');
      if (f === undefined) throw notFound(request.params.id, request.params.version);
      if (statement === undefined) {
        throw new HttpError(404, 'statement_not_found', `${f.id} ${f.version} has no statement ${request.params.code}`);
      }
      const level = findLevel(f, statement.levelKey);
      const body = {
        id: statementUrl(base, f, statement.code),
        code: statement.code,
        text: statement.text,
        level: { key: statement.levelKey, label: level?.label, url: levelUrl(base, f, statement.levelKey) },
        framework: { id: f.id, version: f.version, title: f.title, url: frameworkUrl(base, f) },
      };
      return html ? sendPage(reply, statementPage(body)) : body;
    },
  );
}
