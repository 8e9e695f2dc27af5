import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, Logger } from '@attain/config';

/**
 * The key that seals signing keys and LMS secrets. Production passes it in the environment; a
 * local run keeps one in the data folder (created once, readable by its owner only) so that
 * `npm start` needs no setup and keys survive restarts.
 */
export async function loadKeyEncryptionKey(config: Config, logger: Logger): Promise<Buffer> {
  if (config.keyEncryptionKey !== undefined) return Buffer.from(config.keyEncryptionKey, 'base64');
  const file = join(config.dataDir, 'key-encryption-key');
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process of this deployment wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadKeyEncryptionKey(config, logger);
    throw error;
  }
  logger.warn({ file }, 'created a local key-encryption key; set ATTAIN_KEY_ENCRYPTION_KEY in production');
  return key;
}
