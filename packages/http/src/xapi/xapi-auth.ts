import { timingSafeEqual } from 'node:crypto';
import { findLmsClientByXapiKey } from '@attain/db';
import { hashXapiSecret, type Runtime } from '@attain/runtime';
import { HttpError } from '../http-error.js';

const CHALLENGE = { 'www-authenticate': 'Basic realm="Attain xAPI", charset="UTF-8"' };

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message, undefined, CHALLENGE);
}

/** HTTP Basic with the client's xAPI key and secret; returns the LMS client's id. */
export async function authenticateXapi(runtime: Runtime, authorization: string | undefined): Promise<string> {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (match?.[1] === undefined)
    throw unauthorized('xAPI requests need HTTP Basic authentication with the client key and secret');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  // No key holds U+0000, and Postgres text cannot even be compared with one.
  if (key.includes('\u0000')) throw unauthorized('unknown or disabled client, or wrong secret');
  const client = await findLmsClientByXapiKey(runtime.db, key);
  // Hash both sides to equal length, then compare in constant time.
  const expected = Buffer.from(client?.xapiSecretHash ?? hashXapiSecret('no client'), 'hex');
  const given = Buffer.from(hashXapiSecret(secret), 'hex');
  if (client === undefined || client.disabled || !timingSafeEqual(expected, given)) {
    throw unauthorized('unknown or disabled client, or wrong secret');
  }
  return client.id;
}
