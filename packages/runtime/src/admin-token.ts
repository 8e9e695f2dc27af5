import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { Config, Logger } from '@attain/config';
import { findActiveAdminToken, type Db } from '@attain/db';
import { localSecretFile } from './local-key-file.js';

/** Tokens are 256 random bits, so a fast hash is as safe to store as a slow one. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newAdminToken(): { token: string; tokenHash: string } {
  const token = `at_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashToken(token) };
}

/**
 * The first admin token: ATTAIN_ADMIN_TOKEN, or outside production a token kept in the data
 * folder (so a local run and its CLI share one without setup). Production without the variable
 * has none: tokens are then made with one that exists.
 */
export async function loadBootstrapAdminToken(config: Config, logger: Logger): Promise<string | undefined> {
  if (config.adminToken !== undefined) return config.adminToken;
  if (config.env === 'production') return undefined;
  const { value, created } = await localSecretFile(config.dataDir, 'admin-token', () => newAdminToken().token);
  if (created)
    logger.warn(
      { file: join(config.dataDir, 'admin-token') },
      'created a local admin token; set ATTAIN_ADMIN_TOKEN in production',
    );
  return value;
}

export interface AdminPrincipal {
  tokenId: string | null;
  name: string;
}

/** Who holds this token: the bootstrap token, a stored unrevoked one, or nobody. */
export async function authenticateAdminToken(
  db: Db,
  bootstrap: string | undefined,
  token: string,
): Promise<AdminPrincipal | undefined> {
  const hash = Buffer.from(hashToken(token), 'hex');
  if (bootstrap !== undefined && timingSafeEqual(hash, Buffer.from(hashToken(bootstrap), 'hex'))) {
    return { tokenId: null, name: 'bootstrap (ATTAIN_ADMIN_TOKEN)' };
  }
  const stored = await findActiveAdminToken(db, hash.toString('hex'));
  return stored === undefined ? undefined : { tokenId: stored.id, name: stored.name };
}
