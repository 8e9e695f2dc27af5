import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A secret a local run keeps in its data folder: read it, or create it once (owner-only) with
 * `make`. Concurrent first starts agree on whichever file was written first.
 */
export async function localSecretFile(
  dataDir: string,
  name: string,
  make: () => string,
): Promise<{ value: string; created: boolean }> {
  const file = join(dataDir, name);
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const value = make();
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return localSecretFile(dataDir, name, make);
    throw error;
  }
  return { value, created: true };
}
