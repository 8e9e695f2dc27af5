import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmbeddedDatabaseBusyError,
  embeddedServerAnswers,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from './embedded-postgres.js';

// PGlite is one Postgres session: these are the guarantees that the session server must add so
// that a pool of connections behaves as it does on a real server.
describe('the embedded PostgreSQL served to many connections', () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    await pool.query('create table t (id bigserial primary key, v int not null)');
  }, 120_000);

  afterAll(async () => {
    await pool.end();
    await embedded.close();
  });

  it('keeps two concurrent transactions apart: one rolls back, the other commits', async () => {
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      await first.query('begin');
      await first.query('insert into t (v) values (1)');
      // The second connection starts its transaction while the first is open: it must wait for
      // the session, not run its statements inside the first transaction.
      const committed = (async () => {
        await second.query('begin');
        await second.query('insert into t (v) values (2)');
        await second.query('commit');
      })();
      await first.query('insert into t (v) values (11)');
      await first.query('rollback');
      await committed;
    } finally {
      first.release();
      second.release();
    }
    expect((await pool.query<{ v: number }>('select v from t order by id')).rows).toEqual([{ v: 2 }]);
  });

  it('rolls back the transaction of a connection that goes away in the middle of it', async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    await client.query('begin');
    await client.query('insert into t (v) values (3)');
    client.on('error', () => undefined);
    await client.end();
    const { rows } = await pool.query<{ n: string }>('select count(*) as n from t where v = 3');
    expect(rows[0]?.n).toBe('0');
  });

  it('never mixes parameterised statements of different connections', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) =>
        i % 2 === 0
          ? Number((await pool.query<{ a: number }>('select $1::int + 0 as a', [i])).rows[0]?.a)
          : Number((await pool.query<{ b: string }>('select $1::text as b, 1 as c', [String(i)])).rows[0]?.b),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('returns bigserial and count(*) as strings, as a PostgreSQL server does through pg', async () => {
    const { rows } = await pool.query<{ id: unknown }>('insert into t (v) values (4) returning id');
    expect(typeof rows[0]?.id).toBe('string');
  });

  it('gives each connection the search_path it asked for (startup options and SET)', async () => {
    await pool.query('create schema if not exists other');
    const scoped = new pg.Pool({ connectionString: embedded.url, max: 2, options: '-c search_path=other' });
    try {
      const [mine, theirs] = await Promise.all([
        scoped.query<{ search_path: string }>('show search_path'),
        pool.query<{ search_path: string }>('show search_path'),
      ]);
      expect(mine.rows[0]?.search_path).toBe('other');
      expect(theirs.rows[0]?.search_path).toBe('public');
    } finally {
      await scoped.end();
    }
  });

  it('delivers a NOTIFY to the connection that LISTENs, whoever commits it', async () => {
    const listener = new pg.Client({ connectionString: embedded.url });
    await listener.connect();
    try {
      await listener.query('-- a comment first, as BullMQ writes it\nLISTEN jobs_channel;');
      const heard = new Promise<string | undefined>((resolve) => {
        listener.on('notification', (message) => {
          resolve(message.payload);
        });
      });
      await pool.query("select pg_notify('jobs_channel', 'event.map')");
      expect(await heard).toBe('event.map');
    } finally {
      await listener.end();
    }
  });
});

describe('the embedded PostgreSQL in a data folder', () => {
  it('keeps its data across restarts and refuses a second server on the same folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'attain-embedded-'));
    const dataDir = join(folder, 'pgdata');
    try {
      const first = await startEmbeddedPostgres({ dataDir });
      try {
        await query(first.url, 'create table kept (v text)');
        await query(first.url, "insert into kept values ('still here')");
        expect(await embeddedServerAnswers(dataDir)).toBe(true);
        await expect(startEmbeddedPostgres({ dataDir })).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError);
      } finally {
        await first.close();
      }
      expect(await embeddedServerAnswers(dataDir)).toBe(false);
      const second = await startEmbeddedPostgres({ dataDir });
      try {
        expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(text)).rows;
  } finally {
    await client.end();
  }
}
