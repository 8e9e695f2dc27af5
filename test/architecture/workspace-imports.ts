import { readFileSync, readdirSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One workspace (a package or a service) with what its package.json declares and its code imports. */
export interface WorkspaceImports {
  readonly name: string;
  /** Folder relative to the repository root, e.g. `packages/db`. */
  readonly dir: string;
  /** dependencies, peerDependencies and optionalDependencies: what shipped code may import. */
  readonly runtimeDeclared: ReadonlySet<string>;
  /** devDependencies: what test code may import besides the above. */
  readonly devDeclared: ReadonlySet<string>;
  /** The package names of the tsconfig.json `references`, which order `tsc -b`. */
  readonly references: ReadonlySet<string>;
  readonly imports: readonly PackageImport[];
}

export interface PackageImport {
  /** The package named by the specifier: `kysely` for `kysely/helpers/postgres`. */
  readonly packageName: string;
  /** File relative to the repository root. */
  readonly file: string;
  /** `*.test.ts` and `test-*.ts` support files: not loaded by the package's entry point. */
  readonly testOnly: boolean;
}

interface PackageJson {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Every workspace of the root package.json (`packages/*`, `services/*`), with its imports. */
export function readWorkspaces(root: string): WorkspaceImports[] {
  const globs = readPackageJson(root).workspaces ?? [];
  return globs.flatMap((glob) => {
    // The root lists only `folder/*` globs; anything else would need a glob library.
    if (!glob.endsWith('/*')) throw new Error(`unsupported workspace glob ${glob}`);
    const parent = glob.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => readWorkspace(root, join(parent, entry.name)));
  });
}

function readWorkspace(root: string, dir: string): WorkspaceImports {
  const pkg = readPackageJson(join(root, dir));
  const imports = sourceFiles(join(root, dir, 'src')).flatMap((path) => {
    const file = relative(root, path);
    const testOnly = /(\.test|\/test-[^/]*)\.ts$/.test(file);
    return moduleSpecifiers(readFileSync(path, 'utf8'), file)
      .map(packageOf)
      .filter((name): name is string => name !== null)
      .map((packageName) => ({ packageName, file, testOnly }));
  });
  return {
    name: pkg.name,
    dir,
    runtimeDeclared: new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
    ]),
    devDeclared: new Set(Object.keys(pkg.devDependencies ?? {})),
    references: new Set(tsconfigReferences(join(root, dir)).map((path) => readPackageJson(path).name)),
    imports,
  };
}

/** The folders a tsconfig.json references (read as TypeScript does: comments allowed). */
function tsconfigReferences(dir: string): string[] {
  const read = ts.readConfigFile(join(dir, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const config = read.config as { references?: { path: string }[] };
  const references = config.references ?? [];
  return references.map((reference) => join(dir, reference.path));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The module specifiers a file imports, type-only ones included: `import`, `export … from`,
 * `import x = require()`, `import('…')` calls and `import('…')` types. Ambient
 * `declare module '…'` shims name a module without importing it and are left out.
 */
export function moduleSpecifiers(text: string, fileName: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      found.push(node.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) found.push(argument.text);
    } else if (ts.isImportTypeNode(node)) {
      const literal = ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
      if (literal !== undefined && ts.isStringLiteral(literal)) found.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The package a bare specifier names; null for relative paths and Node built-ins. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}
