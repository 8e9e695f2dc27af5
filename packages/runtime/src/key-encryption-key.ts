import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config, Logger } from '@attain/config';
import { localSecretFile } from './local-key-file.js';

/**
 * The key that seals signing keys and LMS secrets. Production passes it in the environment; a
 * local run keeps one in the data folder (created once, readable by its owner only) so that
 * `npm start` needs no setup and keys survive restarts.
 */
export async function loadKeyEncryptionKey(config: Config, logger: Logger): Promise<Buffer> {
  if (config.keyEncryptionKey !== undefined) return Buffer.from(config.keyEncryptionKey, 'base64');
  const { value, created } = await localSecretFile(config.dataDir, 'key-encryption-key', () =>
    randomBytes(32).toString('base64'),
  );
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32)
    throw new Error(`${join(config.dataDir, 'key-encryption-key')} does not hold a 32-byte base64 key`);
  if (created) {
    logger.warn(
      { file: join(config.dataDir, 'key-encryption-key') },
      'created a local key-encryption key; set ATTAIN_KEY_ENCRYPTION_KEY in production',
    );
  }
  return key;
}
