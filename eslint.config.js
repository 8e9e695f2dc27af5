// Flat config, type-aware. Formatting is prettier's job: no stylistic rules are enabled here.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const processEnvMessage =
  'Read configuration through @attain/config (packages/config/src is the only module that reads process.env).';

// Package boundaries (docs: /work/shared/DESIGN.md "Packages", STYLE.md "Dependency direction").
// They use typescript-eslint's no-restricted-imports, not the core rule: a later block replaces a
// rule's options wholesale, so per-folder blocks of the core rule would drop the process.env paths
// above. The extension rule also sees `import x = require()`; it still counts `import type`.
// That package.json declares each import and that packages form no cycle is checked by
// test/architecture/package-dependencies.test.ts.
const everyPackageRules = [
  {
    regex: '^@attain/[^/]+/',
    message: 'Import a package by its name; its internals are not its surface (STYLE.md: exports from src/index.ts).',
  },
  {
    regex: '^(\\.\\./)+([^/]+/)*(src|dist)(/|$)',
    message: 'Import another workspace by its package name, never its src/ or dist/ through a relative path.',
  },
  { regex: '^@attain/service-', message: 'Services are deployables, not libraries: nothing imports a service.' },
];

/** A pattern forbidding every workspace package except `may` (and the importer itself). */
function onlyInternal(self, may) {
  const allowed = [self, ...may].join('|');
  return {
    regex: `^@attain/(?!(${allowed})$)`,
    message:
      may.length === 0
        ? `@attain/${self} imports no other workspace package (DESIGN.md, "Packages").`
        : `@attain/${self} may import only ${may.map((name) => `@attain/${name}`).join(', ')} (DESIGN.md, "Packages").`,
  };
}

// Pure packages do no I/O: no database, queue, HTTP, mail, metrics or logging library and no
// network or process built-in. (Reading their own bundled files with node:fs is allowed.)
const ioLibraries = {
  regex:
    '^(node:)?(pg|pg-[^/]+|kysely|kysely-[^/]+|@electric-sql/[^/]+|bullmq|ioredis|redis|@redis/[^/]+|fastify|fastify-[^/]+|@fastify/[^/]+|@bull-board/[^/]+|nodemailer|smtp-server|undici|prom-client|pino|pino-[^/]+|testcontainers|@testcontainers/[^/]+|net|http|https|http2|tls|dgram|dns|child_process|cluster)(/.*)?$',
  message: 'A pure package does no I/O: take the data as a parameter and let an adapter package do the I/O.',
};

const packageBoundaries = [
  { name: 'framework', may: [], pure: true },
  { name: 'attainment', may: ['framework'], pure: true },
  { name: 'credentials', may: ['framework'], pure: true },
  // Not in DESIGN.md's table; it imports nothing internal today and stays so.
  { name: 'badges', may: [], pure: true },
  { name: 'config', may: [] },
  // Repositories return domain objects: db knows the domain packages, never who calls it.
  { name: 'db', may: ['framework', 'attainment', 'credentials', 'badges'] },
  { name: 'queue', may: ['config'] },
];

function restrictImports(patterns) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...everyPackageRules, ...patterns] }] };
}

const boundaryBlocks = [
  // Every package and service, including ones added later; the blocks below replace this one's
  // options for their folders and repeat its rules.
  { files: ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts'], rules: restrictImports([]) },
  ...packageBoundaries.map(({ name, may, pure = false }) => ({
    files: [`packages/${name}/src/**/*.ts`],
    rules: restrictImports([onlyInternal(name, may), ...(pure ? [ioLibraries] : [])]),
  })),
];

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '**/coverage/**',
    'test/artifacts/**',
    '.attain/**',
    // The code is TypeScript only; the JS here is tool config (this file), which no tsconfig includes.
    '**/*.js',
    '**/*.mjs',
    '**/*.cjs',
  ]),
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Root config files that no tsconfig includes.
          allowDefaultProject: ['*.ts'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        // A `default:` does not excuse a switch over a union from naming every member.
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // As strict-type-checked, except that numbers read fine in messages. (Unlisted options default to allowed.)
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowNumber: true,
          allowAny: false,
          allowBoolean: false,
          allowNullish: false,
          allowRegExp: false,
          allowNever: false,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: processEnvMessage }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:process', importNames: ['env'], message: processEnvMessage },
            { name: 'process', importNames: ['env'], message: processEnvMessage },
          ],
        },
      ],
    },
  },
  {
    // The one module allowed to read the environment, and tests (which set it up).
    files: ['packages/config/src/**/*.ts', '**/*.test.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-imports': 'off',
    },
  },
  ...boundaryBlocks,
  {
    // In tests a `!` on a fixture that must exist fails loudly, which is what a test wants.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
