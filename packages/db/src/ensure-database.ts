import pg from 'pg';

/**
 * Creates the database named in `url` when the server does not have it yet, so that a local
 * run needs no manual `createdb`. Connects to the server's `postgres` maintenance database.
 */
export async function ensureDatabaseExists(url: string, connectTimeoutMs = 5000): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (name === '' || name === 'postgres') return 'exists';
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: connectTimeoutMs });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount !== 0) return 'exists';
    try {
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      // Another process created it between our check and our create (duplicate_database, or
      // the catalog's unique index when both creates ran at the same moment).
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return 'exists';
      throw error;
    }
    return 'created';
  } finally {
    await client.end();
  }
}
