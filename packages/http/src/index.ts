export { buildApp, type AppOptions } from './app.js';
export type { AttainFastify } from './app-types.js';
export { HttpError, type ErrorBody } from './http-error.js';
