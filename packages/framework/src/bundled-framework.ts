import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Framework } from './framework.model.js';
import { parseFrameworkJson } from './parse-framework-json.js';

// src/ and dist/ both sit one level below the package root, next to data/.
const BUNDLED_FILE = new URL('../data/41-3031.00.json', import.meta.url);

/** Absolute path of the bundled LER.me export (41-3031.00). */
export function bundledFrameworkPath(): string {
  return fileURLToPath(BUNDLED_FILE);
}

/** Reads and parses the bundled export; the package's only I/O. */
export async function loadBundledFramework(): Promise<Framework> {
  return parseFrameworkJson(await readFile(BUNDLED_FILE, 'utf8'));
}
