import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';

export interface ServiceUrls {
  databaseUrl: string;
  redisUrl: string;
}

export function serviceUrls(): ServiceUrls {
  const databaseUrl = inject('databaseUrl');
  const redisUrl = inject('redisUrl');
  if (databaseUrl === null || redisUrl === null) {
    throw new Error(inject('servicesProblem') ?? 'integration services are not available');
  }
  return { databaseUrl, redisUrl };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Runs one statement on the test server's own database (schema and database housekeeping). */
export async function adminQuery(databaseUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The URL of another database on the same server. */
export function databaseUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Polls until `check` gives a value other than undefined; never a fixed sleep. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
