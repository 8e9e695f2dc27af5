import type { Db } from '../connection.js';
import { appendAudit } from './audit.repository.js';

/** An issuer's Open Badges Profile: who the credentials say awarded them. */
export interface IssuerRecord {
  id: string;
  name: string;
  url: string | null;
  email: string | null;
  image: string | null;
  /** Frameworks whose credentials this issuer signs. */
  frameworks: string[];
}

export type IssuerProfileInput = Pick<IssuerRecord, 'name' | 'url' | 'email' | 'image'>;

export class IssuerExistsError extends Error {
  constructor(readonly issuerId: string) {
    super(`An issuer ${issuerId} already exists.`);
    this.name = 'IssuerExistsError';
  }
}

export async function listIssuers(db: Db): Promise<IssuerRecord[]> {
  const [rows, assignments] = await Promise.all([
    db.selectFrom('issuers').selectAll().orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('framework_issuers').select(['framework_id', 'issuer_id']).orderBy('framework_id').execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    url: r.url,
    email: r.email,
    image: r.image,
    frameworks: assignments.filter((a) => a.issuer_id === r.id).map((a) => a.framework_id),
  }));
}

/** The default issuer's profile comes from the configuration (ISSUER_*), kept in step at start-up. */
export async function syncDefaultIssuer(db: Db, profile: IssuerProfileInput): Promise<void> {
  await db
    .updateTable('issuers')
    .set({ ...profile, updated_at: new Date() })
    .where('id', '=', 'default')
    .where((eb) =>
      eb.or([
        eb('name', '!=', profile.name),
        eb('url', 'is distinct from', profile.url),
        eb('email', 'is distinct from', profile.email),
        eb('image', 'is distinct from', profile.image),
      ]),
    )
    .execute();
}

export async function createIssuer(
  db: Db,
  issuer: IssuerProfileInput & { id: string },
  audit: { actor: string; at: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('issuers')
      .values(issuer)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row === undefined) throw new IssuerExistsError(issuer.id);
    await appendAudit(trx, {
      at: audit.at,
      actor: audit.actor,
      action: 'issuer.created',
      subject: issuer.id,
      data: { ...issuer },
    });
  });
}

export async function updateIssuer(
  db: Db,
  id: string,
  changes: Partial<IssuerProfileInput>,
  audit: { actor: string; at: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('issuers')
      .set({ ...changes, updated_at: audit.at })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (row === undefined) return false;
    await appendAudit(trx, {
      at: audit.at,
      actor: audit.actor,
      action: 'issuer.updated',
      subject: id,
      data: { ...changes },
    });
    return true;
  });
}

/** From now on the framework's new credentials are issued by `issuerId`; or which of the two is unknown. */
export async function assignFrameworkIssuer(
  db: Db,
  frameworkId: string,
  issuerId: string,
  audit: { actor: string; at: Date },
): Promise<'assigned' | 'no-issuer' | 'no-framework'> {
  return db.transaction().execute(async (trx) => {
    const issuer = await trx.selectFrom('issuers').select('id').where('id', '=', issuerId).executeTakeFirst();
    if (issuer === undefined) return 'no-issuer';
    const framework = await trx
      .selectFrom('frameworks')
      .select('framework_id')
      .where('framework_id', '=', frameworkId)
      .executeTakeFirst();
    if (framework === undefined) return 'no-framework';
    await trx
      .insertInto('framework_issuers')
      .values({ framework_id: frameworkId, issuer_id: issuerId })
      .onConflict((oc) => oc.column('framework_id').doUpdateSet({ issuer_id: issuerId, assigned_at: audit.at }))
      .execute();
    await appendAudit(trx, {
      at: audit.at,
      actor: audit.actor,
      action: 'issuer.framework_assigned',
      subject: issuerId,
      data: { framework: frameworkId },
    });
    return 'assigned';
  });
}

export async function listFrameworkAssignments(db: Db): Promise<{ frameworkId: string; issuerId: string }[]> {
  const rows = await db.selectFrom('framework_issuers').select(['framework_id', 'issuer_id']).execute();
  return rows.map((r) => ({ frameworkId: r.framework_id, issuerId: r.issuer_id }));
}
