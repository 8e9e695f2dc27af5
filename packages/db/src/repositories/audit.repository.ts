import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { canonicalJson } from '../canonical-json.js';
import type { Db } from '../connection.js';
import type { Database } from '../database.js';

/** What happened, to what, by whom and why. `data` holds ids and facts, never secrets or e-mail. */
export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  reason?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditEvent extends Required<AuditEntry> {
  seq: string;
  prevHash: string;
  hash: string;
}

const GENESIS = 'sha256:genesis';
// Any constant shared by every Attain process; names the lock that orders appends.
const AUDIT_LOCK = 0x41_75_64_74;

/** The link's hash covers its own content and the previous link's hash. */
export function auditHash(
  prevHash: string,
  entry: {
    seq: string;
    at: Date;
    actor: string;
    action: string;
    subject: string;
    reason: string | null;
    data: unknown;
  },
): string {
  const content = canonicalJson({ ...entry, at: entry.at.toISOString() });
  return `sha256:${createHash('sha256').update(`${prevHash}\n${content}`).digest('hex')}`;
}

/**
 * Appends to the chain inside the caller's transaction, so the record commits with the act
 * itself. Appends are ordered by an advisory lock held until that transaction ends.
 */
export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS;
  const { seq } = await trx
    .selectNoFrom(sql<string>`nextval(pg_get_serial_sequence('audit_events', 'seq'))::text`.as('seq'))
    .executeTakeFirstOrThrow();
  // Whole seconds: what a JSON round trip and Postgres both keep exactly.
  const at = new Date(Math.floor(entry.at.getTime() / 1000) * 1000);
  const row = {
    seq,
    at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    reason: entry.reason ?? null,
    data: entry.data ?? {},
  };
  await trx
    .insertInto('audit_events')
    .values({ ...row, data: JSON.stringify(row.data), prev_hash: prevHash, hash: auditHash(prevHash, row) })
    .execute();
}

function toEvent(r: {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  reason: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}): AuditEvent {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    reason: r.reason,
    data: r.data as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export type AuditVerification =
  { intact: true; events: number } | { intact: false; events: number; brokenAt: string; problem: string };

/** Walks the chain from the start and names the first link whose content or order was changed. */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS;
  let after = '0';
  let events = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where(sql<boolean>`seq > ${after}::bigint`)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return { intact: true, events };
    for (const r of rows) {
      events += 1;
      if (r.prev_hash !== prevHash) {
        return {
          intact: false,
          events,
          brokenAt: r.seq,
          problem: 'links to a different previous event (one was removed or reordered)',
        };
      }
      const { prevHash: _prev, hash: _hash, ...content } = toEvent(r);
      const expected = auditHash(prevHash, content);
      if (expected !== r.hash)
        return {
          intact: false,
          events,
          brokenAt: r.seq,
          problem: 'its content no longer matches its hash (it was edited)',
        };
      prevHash = r.hash;
      after = r.seq;
    }
  }
}

export async function listAuditEvents(
  db: Db,
  filter: { subject?: string; limit?: number } = {},
): Promise<AuditEvent[]> {
  let query = db
    .selectFrom('audit_events')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
  const rows = await query.execute();
  return rows.map(toEvent);
}
