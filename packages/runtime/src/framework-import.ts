import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { defaultPolicy } from '@attain/attainment';
import { bundledFrameworkPath, parseFrameworkJson, type Framework } from '@attain/framework';
import { saveFramework, type Db } from '@attain/db';

export interface FrameworkImport {
  framework: Framework;
  outcome: 'created' | 'unchanged';
}

/** Parses an LER.me export and stores it (with a default policy); importing it again changes nothing. */
export async function importFrameworkFile(db: Db, path: string): Promise<FrameworkImport> {
  const text = await readFile(path, 'utf8');
  const framework = parseFrameworkJson(text);
  const source: unknown = JSON.parse(text);
  const contentHash = createHash('sha256').update(JSON.stringify(source)).digest('hex');
  const outcome = await saveFramework(db, { framework, source, contentHash, policy: defaultPolicy(framework) });
  return { framework, outcome };
}

export function importBundledFramework(db: Db): Promise<FrameworkImport> {
  return importFrameworkFile(db, bundledFrameworkPath());
}
