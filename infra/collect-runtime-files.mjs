// Used by infra/Dockerfile after the build: copies what each workspace ships, as its package.json
// `files` lists it (dist, plus data such as packages/framework/data and
// packages/credentials/schemas), to the same path under the target folder, leaving out what only
// the compiler and the tests use. A new run-time folder then needs only an entry in `files`.
// Usage, from the repository root: node infra/collect-runtime-files.mjs /out
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
if (target === undefined) throw new Error('usage: node infra/collect-runtime-files.mjs <target folder>');

const notAtRunTime = /(\.tsbuildinfo|\.d\.ts|\.d\.ts\.map|\.test\.js|\.test\.js\.map)$/;

for (const root of ['packages', 'services']) {
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const { files = ['dist'] } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const entry of files) {
      if (/[*?[\]{}!]/.test(entry))
        throw new Error(`${dir}/package.json: glob in "files" (${entry}) is not supported here`);
      const from = join(dir, entry);
      // Not built: no service or the CLI references it, so nothing at run time imports it.
      if (!existsSync(from)) continue;
      cpSync(from, join(target, from), {
        recursive: true,
        verbatimSymlinks: true,
        filter: (path) => !notAtRunTime.test(path),
      });
    }
  }
}
