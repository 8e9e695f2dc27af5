import type pg from 'pg';
import { CODES, FRAMEWORK, LEVELS } from './lms.js';
import type { BenchSystem } from './system.js';

export interface FillOptions {
  /** The LMS client the filled learners belong to. */
  clientId: string;
  results: number;
  credentials: number;
  log: (line: string) => void;
}

export interface FillReport {
  seconds: number;
  learners: number;
  /** Rows per table after the fill (all rows, not only the filled ones). */
  rows: Record<string, number>;
}

// Filled learners: `fill-<k>`; learner k has results 40k..40k+39 (one per statement, in order) and
// the credentials of levels m with 4k + m < credentials. The fill learners' rows, numbered.
const FILL_LEARNERS = `select id, substr(lms_user_id, 6)::int as k, created_at from learners where lms_client_id = $1`;

/**
 * Section 4's database: as a system that has stored `results` results and issued `credentials`
 * credentials would hold them (learners, mapped events, evidence, attainments, credentials, status
 * list entries; an empty outbox), one `insert … select` per table. Credential documents are copies
 * of a real one with their own id. The services must be stopped; the database needs one credential.
 */
export async function fillDatabase(system: BenchSystem, options: FillOptions): Promise<FillReport> {
  const started = Date.now();
  const learners = Math.max(Math.ceil(options.results / CODES.length), Math.ceil(options.credentials / LEVELS.length));
  const [main, side] = [await system.db.connect(), await system.db.connect()];
  try {
    for (const conn of [main, side]) await conn.query(SESSION);
    const t = (await main.query<Template>(TEMPLATE)).rows[0];
    if (t === undefined) throw new Error('the growth fill needs one issued credential to copy');
    const step = async (conn: pg.PoolClient, table: string, text: string, values: unknown[]): Promise<void> => {
      const at = Date.now();
      const { rowCount } = await conn.query(text, values);
      options.log(`  fill ${table}: ${rowCount ?? 0} rows in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    };
    const id = options.clientId;
    const prefix = 'https://lms.bench/';
    await step(main, 'learners', LEARNERS_SQL, [id, learners]);
    await step(main, 'assessment_events', EVENTS_SQL, [id, options.results, CODES, prefix]);
    // Evidence on a second connection, alongside the attainments, credentials and status entries.
    await Promise.all([
      step(side, 'evidence', EVIDENCE_SQL, [id, FRAMEWORK.id, FRAMEWORK.version, prefix]),
      (async () => {
        const attainment = [id, FRAMEWORK.id, FRAMEWORK.version, LEVELS, options.credentials, t.policy_version, prefix];
        await step(main, 'attainments', ATTAINMENTS_SQL, attainment);
        const credential = [id, t.issuer_did, t.verification_method, t.document, t.id, t.validity];
        await step(main, 'credentials', CREDENTIALS_SQL, credential);
        for (const purpose of t.purposes) {
          const status = [id, t.issuer_did, purpose, t.list_length, options.credentials];
          await step(main, `status_entries (${purpose})`, STATUS_SQL, status);
        }
      })(),
    ]);
    const at = Date.now();
    await main.query('analyze');
    options.log(`  fill analyze: ${((Date.now() - at) / 1000).toFixed(1)} s`);
    return { seconds: (Date.now() - started) / 1000, learners, rows: await rowCounts(main) };
  } finally {
    // The session settings die with the connections.
    main.release(true);
    side.release(true);
  }
}

// Foreign-key triggers off while loading (every reference is built valid; unique indexes still
// hold); documents compressed with lz4 rather than the default pglz (2.5 times faster to fill).
const SESSION = `set session_replication_role = replica; set synchronous_commit = off;
  set default_toast_compression = lz4`;

interface Template {
  id: string;
  document: string;
  issuer_did: string;
  verification_method: string;
  validity: string | null;
  policy_version: number | null;
  purposes: string[];
  list_length: number;
}

const TEMPLATE = `
  select c.id, c.document::text as document, c.issuer_did, c.verification_method,
         (c.valid_until - c.valid_from)::text as validity, a.policy_version,
         array(select distinct e.purpose from status_entries e where e.credential_id = 'urn:uuid:' || c.id) as purposes,
         coalesce((select max(length) from status_lists), 131072) as list_length
    from credentials c join attainments a on a.id = c.attainment_id order by c.issued_at limit 1`;

const LEARNERS_SQL = `
  insert into learners (lms_client_id, lms_user_id, email, identity_type, identity, name, created_at, updated_at)
  select $1, 'fill-' || k, 'fill-' || k || '@bench.example', 'emailAddress', 'fill-' || k || '@bench.example',
         'fill-' || k, ts, ts
    from generate_series(0, $2::int - 1) k, lateral (select now() - interval '400 days' + k * interval '1 second') t(ts)`;

const EVENTS_SQL = `
  with l as (${FILL_LEARNERS}), c as (select code, pos - 1 as pos from unnest($3::text[]) with ordinality u(code, pos))
  insert into assessment_events (lms_client_id, event_id, learner_id, activity_id, score_scaled, completed_at,
                                 received_at, source, status, payload)
  select $1, 'fill-' || i, l.id, $4 || c.code, 0.95, ts, ts, 'native', 'mapped',
         jsonb_build_object('eventId', 'fill-' || i, 'learner', jsonb_build_object('id', 'fill-' || l.k,
           'email', 'fill-' || l.k || '@bench.example', 'name', 'fill-' || l.k), 'activityId', $4 || c.code,
           'score', jsonb_build_object('scaled', 0.95), 'completedAt', to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    from generate_series(0, $2::int - 1) i
    join l on l.k = i / 40
    join c on c.pos = i % 40,
    lateral (select l.created_at + (i % 40) * interval '1 minute') t(ts)`;

const EVIDENCE_SQL = `
  insert into evidence (event_id, framework_id, version, statement_code, learner_id, passed, score_scaled, occurred_at)
  select e.id, $2, $3, substr(e.activity_id, length($4) + 1), e.learner_id, null, e.score_scaled, e.completed_at
    from assessment_events e where e.lms_client_id = $1`;

const ATTAINMENTS_SQL = `
  with l as (${FILL_LEARNERS}),
  ev as (select e.learner_id, split_part(substr(e.activity_id, length($7) + 1), '-', 1) as level,
                array_agg(e.id) as ids, max(e.completed_at) as at
           from assessment_events e where e.lms_client_id = $1 group by 1, 2)
  insert into attainments (id, learner_id, framework_id, version, level_key, attained_at, recipient_salt,
                           evidence_event_ids, created_at, policy_version, round)
  select gen_random_uuid(), l.id, $2, $3, lv.level, coalesce(ev.at, l.created_at), md5(random()::text),
         coalesce(ev.ids, '{}'), coalesce(ev.at, l.created_at), $6, 1
    from l cross join unnest($4::text[]) with ordinality lv(level, m)
    left join ev on ev.learner_id = l.id and ev.level = lv.level
   where 4 * l.k + lv.m - 1 < $5`;

// A first-round credential has its attainment's id.
const CREDENTIALS_SQL = `
  with l as (${FILL_LEARNERS})
  insert into credentials (id, attainment_id, learner_id, issuer_did, verification_method, document, valid_from,
                           valid_until, issued_at, round, version)
  select a.id, a.id, a.learner_id, $2, $3, replace($4::text, $5::text, a.id::text)::json, a.attained_at,
         a.attained_at + $6::interval, a.attained_at, 1, 1
    from attainments a join l on l.id = a.learner_id`;

// Lists older than the live one (so issuing continues in the fill's last, partly used list, as it
// would): full ones in index order, then the open one at random indexes.
const STATUS_SQL = `
  with n as (select greatest(1, ceil($5::float8 / $4::int))::int as lists),
  lists as (
    insert into status_lists (issuer_did, purpose, length, "full", created_at)
    select $2, $3, $4::int, j < n.lists - 1, timestamptz '2000-01-01' + j * interval '1 second'
      from n, generate_series(0, n.lists - 1) j
    returning id, created_at),
  numbered as (select id, row_number() over (order by created_at) - 1 as j from lists),
  slots as (
    select j, idx, row_number() over (order by j, case when j < n.lists - 1 then idx else random() * $4::int end) as r
      from n, generate_series(0, n.lists - 1) j, generate_series(0, $4::int - 1) idx),
  creds as (select c.id, row_number() over (order by c.issued_at, c.id) as r
              from credentials c join learners l on l.id = c.learner_id where l.lms_client_id = $1)
  insert into status_entries (list_id, idx, credential_id, purpose)
  select numbered.id, slots.idx, 'urn:uuid:' || creds.id, $3
    from creds join slots on slots.r = creds.r join numbered on numbered.j = slots.j`;

const TABLES = ['learners', 'assessment_events', 'evidence', 'attainments', 'credentials', 'status_entries', 'outbox'];

async function rowCounts(conn: pg.PoolClient): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows: r } = await conn.query<{ n: string }>(`select count(*) as n from ${table}`);
    rows[table] = Number(r[0]?.n ?? 0);
  }
  return rows;
}
