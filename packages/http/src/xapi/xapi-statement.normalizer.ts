import { createHash } from 'node:crypto';
import { canonicalJson, type NewAssessmentEvent } from '@attain/db';
import type { Agent, Statement } from './xapi-statement.schema.js';

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

export type LearnerIdentity = NewAssessmentEvent['learner'];

/** What is wrong with one statement: a JSON Pointer into it, and a message. */
export interface StatementProblem {
  path: string;
  message: string;
}

/**
 * The learner an actor names, scoped later to the LMS client. Exactly one identifier is allowed
 * (xAPI's Inverse Functional Identifier); an e-mail is kept as such, anything else becomes an
 * account identity, so the credential is issued to an `accountId`.
 */
export function learnerOf(actor: Agent): LearnerIdentity | string {
  const given = [actor.mbox, actor.mbox_sha1sum, actor.openid, actor.account].filter((v) => v !== undefined);
  if (given.length !== 1) return 'the actor must have exactly one of mbox, mbox_sha1sum, openid or account';
  if (actor.mbox !== undefined) {
    const email = actor.mbox.slice('mailto:'.length).trim().toLowerCase();
    return {
      // Keyed like the mbox_sha1sum of the same inbox, so both forms name one learner.
      lmsUserId: `mbox_sha1sum:${createHash('sha1').update(`mailto:${email}`).digest('hex')}`,
      email,
      identityType: 'emailAddress',
      identity: email,
      name: actor.name ?? email,
    };
  }
  const identity =
    actor.account !== undefined
      ? `${actor.account.homePage}|${actor.account.name}`
      : actor.mbox_sha1sum !== undefined
        ? `mbox_sha1sum:${actor.mbox_sha1sum.toLowerCase()}`
        : `openid:${actor.openid ?? ''}`;
  // The learner is indexed by it; Postgres btree entries hold at most ~2.7 kB.
  if (Buffer.byteLength(identity, 'utf8') > 2000) return "the actor's identifier is longer than 2000 bytes of UTF-8";
  return {
    lmsUserId: actor.mbox_sha1sum !== undefined ? identity : `account:${identity}`,
    email: null,
    identityType: 'accountId',
    identity,
    name: actor.name ?? identity,
  };
}

/** What "the same statement" means for duplicates and conflicts: what the LRS sets is left out. */
export function statementHash(statement: Statement): string {
  const { stored: _stored, authority: _authority, version: _version, ...content } = statement;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The statement voided by `statement`, when it is a voiding statement. */
export function voidedTarget(statement: Statement): string | undefined {
  if (statement.verb.id !== VOIDED_VERB || statement.object.objectType !== 'StatementRef') return undefined;
  return statement.object.id.toLowerCase();
}

/**
 * What a JSON Schema cannot say about any statement, whatever its object: the score's arithmetic
 * (xAPI: min below max, raw between them) and timestamps that name a real instant (not 23:59:60).
 */
export function statementProblem(statement: Statement): StatementProblem | undefined {
  const { raw, min, max } = statement.result?.score ?? {};
  if (min !== undefined && max !== undefined && !(min < max)) {
    return { path: '/result/score', message: 'min must be less than max' };
  }
  if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max))) {
    return { path: '/result/score/raw', message: 'raw must lie between min and max' };
  }
  for (const field of ['timestamp', 'stored'] as const) {
    const value = statement[field];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      return { path: `/${field}`, message: 'not a valid date-time' };
    }
  }
  return undefined;
}

/**
 * A statement about an Activity becomes an assessment event: result.score (scaled, or derived from
 * raw/min/max), result.success and result.completion feed the rules. A statement without a result
 * is kept and simply demonstrates nothing. A timestamp after `storedAt` is taken as `storedAt`.
 * Expects a statement that `statementProblem` found nothing wrong with.
 */
export function eventOf(
  statement: Statement & { id: string },
  learner: LearnerIdentity,
  storedAt: Date,
): NewAssessmentEvent | StatementProblem {
  if (statement.object.objectType === 'StatementRef') return { path: '/object', message: 'not an activity' };
  const score = statement.result?.score ?? {};
  const { raw, min, max } = score;
  let scaled = score.scaled ?? null;
  if (raw !== undefined && min !== undefined && max !== undefined) scaled ??= (raw - min) / (max - min);
  if (scaled !== null && !Number.isFinite(scaled))
    return { path: '/result/score', message: 'the score must be finite' };
  if (Buffer.byteLength(statement.object.id, 'utf8') > 2000) {
    return { path: '/object/id', message: 'at most 2000 bytes of UTF-8' };
  }
  const at = statement.timestamp === undefined ? storedAt : new Date(statement.timestamp);
  return {
    eventId: statement.id,
    learner,
    activityId: statement.object.id,
    score: { scaled, raw: raw ?? null, min: min ?? null, max: max ?? null },
    passed: statement.result?.success ?? null,
    completion: statement.result?.completion ?? null,
    completedAt: at.getTime() > storedAt.getTime() ? storedAt : at,
    source: 'xapi',
    payload: statement,
  };
}
