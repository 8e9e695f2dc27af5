#!/usr/bin/env node
import { buildProgram } from './program.js';

const expected = new Set([
  'CliError',
  'ConfigError',
  'StartupError',
  'FrameworkFormatError',
  'FrameworkVersionConflictError',
  'InvalidPolicyError',
  'StatusChangeError',
  'CorrectionError',
]);

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  const e = error as Error;
  process.stderr.write(expected.has(e.name) ? `attain: ${e.message}\n` : `attain: ${e.stack ?? String(e)}\n`);
  process.exitCode = 1;
}
