export { buildApp, type AppOptions } from './app.js';
export type { AttainFastify } from './app-types.js';
export { HttpError, problem, type Problem, type ProblemField } from './http-error.js';
export { IngestGroupCommit, type GroupCommitOptions } from './ingest-group-commit.js';
