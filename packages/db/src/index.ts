export type { Database } from './database.js';
export { createDb, createPool, pingDatabase, type Db, type DbOptions } from './connection.js';
export { ensureDatabaseExists } from './ensure-database.js';
export { canonicalJson } from './canonical-json.js';
export { migrateToLatest, MigrationError } from './migrator.js';
export * from './repositories/framework.repository.js';
export * from './repositories/outbox.repository.js';
export * from './repositories/lms-client.repository.js';
export * from './repositories/assessment-event.repository.js';
export * from './repositories/activity-mapping.repository.js';
export * from './repositories/pipeline.repository.js';
export * from './repositories/credential.repository.js';
export * from './repositories/signing-key.repository.js';
export * from './repositories/xapi-statement.repository.js';
export * from './repositories/admin-token.repository.js';
export * from './repositories/replay.repository.js';
export * from './repositories/audit.repository.js';
export * from './repositories/status-list.repository.js';
export * from './repositories/issuer.repository.js';
export * from './repositories/progress.repository.js';
export * from './repositories/delivery.repository.js';
export {
  startEmbeddedPostgres,
  embeddedServerAnswers,
  embeddedUrl,
  EmbeddedDatabaseBusyError,
  type EmbeddedPostgres,
} from './embedded/embedded-postgres.js';
export { exportData, importData, DumpImportError, type DumpHeader, type DumpLine } from './logical-dump.js';
