import { randomUUID } from 'node:crypto';
import { defaultPolicy } from '@attain/attainment';
import { parseFramework, type Framework } from '@attain/framework';
import type { Db } from './connection.js';

// Test-only rows written straight to the tables, so that a repository's test depends on that
// repository alone and not on the ones that normally create its neighbours' rows.

/** A small LER.me export (schema 1.0): levels `emerging` and `developing`, two statements each. */
export function frameworkSource(soc: string, version: string, title = `Occupation ${soc}`): Record<string, unknown> {
  return {
    schemaVersion: '1.0',
    exportedAt: '2026-11-01T00:00:00Z',
    occupation: { soc, title },
    framework: {
      version,
      description: `Competencies of ${title}`,
      levels: {
        emerging: { label: 'Emerging', statements: ['Greets customers', 'Counts change'] },
        developing: { label: 'Developing', statements: ['Handles returns', 'Balances the till'] },
      },
    },
  };
}

/** Stores a framework version, its statements and policy version 1 (the default policy). */
export async function seedFramework(db: Db, source: Record<string, unknown>): Promise<Framework> {
  const framework = parseFramework(source);
  await db
    .insertInto('frameworks')
    .values({
      framework_id: framework.id,
      version: framework.version,
      title: framework.title,
      document: JSON.stringify(source),
      content_hash: `hash-${framework.id}-${framework.version}`,
    })
    .execute();
  await db
    .insertInto('statements')
    .values(
      framework.levels.flatMap((level) =>
        level.statements.map((s) => ({
          framework_id: framework.id,
          version: framework.version,
          code: s.code,
          level_key: level.key,
          position: s.position,
          text: s.text,
        })),
      ),
    )
    .execute();
  await db
    .insertInto('attainment_policies')
    .values({
      framework_id: framework.id,
      version: framework.version,
      policy: JSON.stringify(defaultPolicy(framework)),
    })
    .execute();
  return framework;
}

export async function seedLmsClient(db: Db, name = 'Test LMS'): Promise<string> {
  const row = await db
    .insertInto('lms_clients')
    .values({ name, hmac_secret_sealed: 'sealed-hmac' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedLearner(
  db: Db,
  input: { lmsClientId: string; lmsUserId: string; name?: string; email?: string | null; account?: string },
): Promise<string> {
  const email = input.email === undefined ? `${input.lmsUserId}@example.edu` : input.email;
  const row = await db
    .insertInto('learners')
    .values({
      lms_client_id: input.lmsClientId,
      lms_user_id: input.lmsUserId,
      email,
      name: input.name ?? `Learner ${input.lmsUserId}`,
      identity_type: input.account === undefined ? 'emailAddress' : 'account',
      identity: input.account ?? email ?? input.lmsUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedEvent(
  db: Db,
  input: { lmsClientId: string; learnerId: string; activityId: string; completedAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('assessment_events')
    .values({
      lms_client_id: input.lmsClientId,
      event_id: randomUUID(),
      learner_id: input.learnerId,
      activity_id: input.activityId,
      completed_at: input.completedAt,
      source: 'native',
      payload: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedAttainment(
  db: Db,
  input: {
    learnerId: string;
    framework: Framework;
    levelKey: string;
    attainedAt?: Date;
    evidenceEventIds?: string[];
    round?: number;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('attainments')
    .values({
      id,
      learner_id: input.learnerId,
      framework_id: input.framework.id,
      version: input.framework.version,
      level_key: input.levelKey,
      attained_at: input.attainedAt ?? new Date('2026-11-20T10:00:00Z'),
      recipient_salt: 'salt',
      evidence_event_ids: input.evidenceEventIds ?? [],
      policy_version: 1,
      round: input.round ?? 1,
    })
    .execute();
  return id;
}

export async function seedCredential(
  db: Db,
  input: { attainmentId: string; learnerId: string; round?: number; validUntil?: Date | null; name?: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('credentials')
    .values({
      id,
      attainment_id: input.attainmentId,
      learner_id: input.learnerId,
      round: input.round ?? 1,
      issuer_did: 'did:web:attain.test',
      verification_method: 'did:web:attain.test#key-1',
      document: JSON.stringify({ id: `urn:uuid:${id}`, name: input.name ?? 'credential' }),
      valid_from: new Date('2026-11-20T10:00:00Z'),
      valid_until: input.validUntil ?? null,
    })
    .execute();
  return id;
}
