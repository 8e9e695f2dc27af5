import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
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
  // Written whole to a temporary file, then linked into place: another process starting at the
  // same moment sees either no file or the complete one, never an empty one.
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, `${value}\n`, { mode: 0o600 });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return await localSecretFile(dataDir, name, make);
    throw error;
  } finally {
    await unlink(temporary);
  }
  return { value, created: true };
}
