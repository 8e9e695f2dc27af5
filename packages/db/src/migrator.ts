import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/20261125T000000-initial.js';
import * as xapi from './migrations/20261125T230000-xapi.js';
import * as adminTokens from './migrations/20261125T234500-admin-tokens.js';
import * as policyVersions from './migrations/20261125T235500-policy-versions.js';
import * as xapiStatements from './migrations/20261125T233000-xapi-statements.js';
import * as attainmentSupport from './migrations/20261126T000000-attainment-support.js';
import * as ingestSignatures from './migrations/20261126T001000-ingest-signatures.js';
import * as xapiVoidsTarget from './migrations/20261126T002000-xapi-voids-target.js';
import * as auditEvents from './migrations/20261126T003000-audit-events.js';
import * as statusLists from './migrations/20261126T100000-status-lists.js';
import * as credentialVersions from './migrations/20261126T110000-credential-versions.js';
import * as renewals from './migrations/20261126T120000-renewals.js';
import * as issuers from './migrations/20261126T130000-issuers.js';
import * as agentsAndNotifications from './migrations/20261126T140000-agents-and-notifications.js';
import * as deadLetters from './migrations/20261126T150000-dead-letters.js';
import * as outboxStarted from './migrations/20261126T160000-outbox-started.js';
import * as progressTokenHash from './migrations/20261126T170000-progress-token-hash.js';
import * as openDeliveryChannels from './migrations/20261205T194500-open-delivery-channels.js';

// Listed statically so that a built package never depends on a migrations folder at run time.
const migrations: Record<string, Migration> = {
  '20261125T000000-initial': initial,
  '20261125T230000-xapi': xapi,
  '20261125T233000-xapi-statements': xapiStatements,
  '20261125T234500-admin-tokens': adminTokens,
  '20261125T235500-policy-versions': policyVersions,
  '20261126T000000-attainment-support': attainmentSupport,
  '20261126T001000-ingest-signatures': ingestSignatures,
  '20261126T002000-xapi-voids-target': xapiVoidsTarget,
  '20261126T003000-audit-events': auditEvents,
  '20261126T100000-status-lists': statusLists,
  '20261126T110000-credential-versions': credentialVersions,
  '20261126T120000-renewals': renewals,
  '20261126T130000-issuers': issuers,
  '20261126T140000-agents-and-notifications': agentsAndNotifications,
  '20261126T150000-dead-letters': deadLetters,
  '20261126T160000-outbox-started': outboxStarted,
  '20261126T170000-progress-token-hash': progressTokenHash,
  '20261205T194500-open-delivery-channels': openDeliveryChannels,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

// Any constant shared by every Attain process; names the advisory lock that serialises migrations.
const MIGRATION_LOCK = 0x41_74_74_6e;

/**
 * Applies every pending migration. Processes starting together (API and workers) queue on a
 * Postgres advisory lock first: kysely's own lock table is itself created by the first run, and
 * concurrent `create table if not exists` can fail in Postgres.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return db.connection().execute(async (lockHolder) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(lockHolder);
    try {
      // On the lock's own connection: a pool of one must not wait on itself.
      return await migrate(lockHolder);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(lockHolder);
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
async function migrate(db: Kysely<any>): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one: name ours, or a
  // database with several Attain schemas (tests, tenants) would skip creating them.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  const migrator = new Migrator({ db, provider, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
