import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles } from './dependency-cycles.js';
import { moduleSpecifiers, packageOf, readPackageJson, readWorkspaces } from './workspace-imports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workspaces = readWorkspaces(root);
// Tooling every package's tests share (vitest, testcontainers, …) is declared once, at the root.
const rootDevDeclared = new Set(Object.keys(readPackageJson(root).devDependencies ?? {}));

describe('workspace imports', () => {
  it('finds every workspace and what it imports', () => {
    expect(workspaces.map((w) => w.name)).toEqual(
      expect.arrayContaining(['@attain/framework', '@attain/db', '@attain/http', '@attain/service-worker']),
    );
    expect(workspaces.find((w) => w.name === '@attain/db')?.imports.map((i) => i.packageName)).toContain('kysely');
  });

  it('reads every kind of import, type-only ones included, and no ambient module shim', () => {
    const text = [
      "import type { A } from 'type-only';",
      "import { b } from '@scope/pkg/sub/path.js';",
      "export { c } from 're-exported';",
      "export * from './local.js';",
      "import d = require('required');",
      "const e = await import('dynamic');",
      "type F = import('import-type').F;",
      "import { readFile } from 'node:fs/promises';",
      "import { join } from 'path';",
      "declare module 'shimmed' { export const g: number; }",
    ].join('\n');
    const packages = moduleSpecifiers(text, 'example.ts').map(packageOf);
    expect(packages.filter((p) => p !== null)).toEqual([
      'type-only',
      '@scope/pkg',
      're-exported',
      'required',
      'dynamic',
      'import-type',
    ]);
  });

  it('finds a cycle and only a cycle', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', new Set(['b'])]]))).toEqual([]);
  });
});

describe('package boundaries', () => {
  it('every package.json declares what its code imports', () => {
    const undeclared = workspaces.flatMap((workspace) =>
      workspace.imports
        .filter(({ packageName, testOnly }) => {
          if (packageName === workspace.name || workspace.runtimeDeclared.has(packageName)) return false;
          return !testOnly || !(workspace.devDeclared.has(packageName) || rootDevDeclared.has(packageName));
        })
        .map(({ packageName, file }) => `${workspace.name} does not declare ${packageName} (imported by ${file})`),
    );
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('every tsconfig.json references the workspace packages its package.json depends on', () => {
    const internal = new Set(workspaces.map((w) => w.name));
    const unreferenced = workspaces.flatMap((w) =>
      [...w.runtimeDeclared]
        .filter((name) => internal.has(name) && !w.references.has(name))
        .map((name) => `${w.dir}/tsconfig.json does not reference ${name}`),
    );
    expect(unreferenced).toEqual([]);
  });

  it('no package depends on itself through others', () => {
    const internal = new Set(workspaces.map((w) => w.name));
    // What the code imports and what package.json declares: a cycle in either breaks `tsc -b` order.
    const edges = new Map(
      workspaces.map((w) => [
        w.name,
        new Set(
          [...w.imports.map((i) => i.packageName), ...w.runtimeDeclared].filter(
            (name) => internal.has(name) && name !== w.name,
          ),
        ),
      ]),
    );
    expect(findCycles(edges).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});
