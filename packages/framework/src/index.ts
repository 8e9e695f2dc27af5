export type { Framework, FrameworkSource, Level, Occupation, Statement } from './framework.model.js';
export { FrameworkFormatError } from './framework-format.error.js';
export { UnknownStatementError } from './unknown-statement.error.js';
export { parseFramework } from './parse-framework.js';
export { parseFrameworkJson } from './parse-framework-json.js';
export { bundledFrameworkPath, loadBundledFramework } from './bundled-framework.js';
export { findLevel, findStatement } from './framework-lookup.js';
export { resolveStatementCodes } from './resolve-statement-codes.js';
export { frameworkUrl, levelUrl, statementUrl, type FrameworkRef } from './framework-urls.js';
