export { buildProgram } from './program.js';
export { CliError } from './cli-context.js';
