import { parseFramework, type Framework } from '@attain/framework';
import { parsePolicy, type AttainmentPolicy } from '@attain/attainment';
import type { Db } from '../connection.js';

export class FrameworkVersionConflictError extends Error {
  constructor(
    readonly frameworkId: string,
    readonly version: string,
  ) {
    super(
      `framework ${frameworkId} ${version} is already imported with different content; a changed framework needs a new version`,
    );
    this.name = 'FrameworkVersionConflictError';
  }
}

export interface FrameworkSummary {
  id: string;
  version: string;
  title: string;
  importedAt: Date;
}

/**
 * Stores a framework version with its statements and, when it has none yet, a policy.
 * Importing the same content again changes nothing; other content under the same version is refused.
 */
export async function saveFramework(
  db: Db,
  input: { framework: Framework; source: unknown; contentHash: string; policy: AttainmentPolicy },
): Promise<'created' | 'unchanged'> {
  const { framework, contentHash } = input;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('frameworks')
      .values({
        framework_id: framework.id,
        version: framework.version,
        title: framework.title,
        document: JSON.stringify(input.source),
        content_hash: contentHash,
      })
      .onConflict((oc) => oc.columns(['framework_id', 'version']).doNothing())
      .returning('framework_id')
      .executeTakeFirst();
    if (inserted === undefined) {
      const existing = await trx
        .selectFrom('frameworks')
        .select('content_hash')
        .where('framework_id', '=', framework.id)
        .where('version', '=', framework.version)
        .executeTakeFirstOrThrow();
      if (existing.content_hash !== contentHash)
        throw new FrameworkVersionConflictError(framework.id, framework.version);
      return 'unchanged';
    }
    await trx
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
    await trx
      .insertInto('attainment_policies')
      // Policy version 1 comes with the framework; changes add versions (savePolicy).
      .values({ framework_id: framework.id, version: framework.version, policy: JSON.stringify(input.policy) })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return 'created';
  });
}

export async function findFramework(db: Db, id: string, version: string): Promise<Framework | undefined> {
  const row = await db
    .selectFrom('frameworks')
    .select('document')
    .where('framework_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : parseFramework(row.document);
}

export async function listFrameworks(db: Db): Promise<FrameworkSummary[]> {
  const rows = await db
    .selectFrom('frameworks')
    .select(['framework_id', 'version', 'title', 'imported_at'])
    .orderBy('framework_id')
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ id: r.framework_id, version: r.version, title: r.title, importedAt: r.imported_at }));
}

export interface PolicyVersion {
  policy: AttainmentPolicy;
  policyVersion: number;
  updatedAt: Date;
}

/** The policy in force: the highest version. */
export async function findCurrentPolicy(db: Db, framework: Framework): Promise<PolicyVersion | undefined> {
  const row = await db
    .selectFrom('attainment_policies')
    .select(['policy', 'policy_version', 'updated_at'])
    .where('framework_id', '=', framework.id)
    .where('version', '=', framework.version)
    .orderBy('policy_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { policy: parsePolicy(row.policy, framework), policyVersion: row.policy_version, updatedAt: row.updated_at };
}

export async function findPolicyVersion(
  db: Db,
  framework: Framework,
  policyVersion: number,
): Promise<PolicyVersion | undefined> {
  const row = await db
    .selectFrom('attainment_policies')
    .select(['policy', 'policy_version', 'updated_at'])
    .where('framework_id', '=', framework.id)
    .where('version', '=', framework.version)
    .where('policy_version', '=', policyVersion)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { policy: parsePolicy(row.policy, framework), policyVersion: row.policy_version, updatedAt: row.updated_at };
}

/**
 * Adds a policy version (the caller has validated it with parsePolicy) and returns its number;
 * the policy already in force is not added again. Earlier versions stay: attainments name the
 * version they were decided under.
 */
export async function savePolicy(db: Db, framework: Framework, policy: AttainmentPolicy): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Serialises concurrent changes of one framework version's policy.
    await trx
      .selectFrom('frameworks')
      .select('framework_id')
      .where('framework_id', '=', framework.id)
      .where('version', '=', framework.version)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const latest = await trx
      .selectFrom('attainment_policies')
      .select(['policy_version', 'policy'])
      .where('framework_id', '=', framework.id)
      .where('version', '=', framework.version)
      .orderBy('policy_version', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Setting the policy already in force changes nothing (parsed the same way, compared alike).
    if (latest !== undefined && JSON.stringify(parsePolicy(latest.policy, framework)) === JSON.stringify(policy)) {
      return latest.policy_version;
    }
    const next = (latest?.policy_version ?? 0) + 1;
    await trx
      .insertInto('attainment_policies')
      .values({
        framework_id: framework.id,
        version: framework.version,
        policy_version: next,
        policy: JSON.stringify(policy),
      })
      .execute();
    return next;
  });
}
