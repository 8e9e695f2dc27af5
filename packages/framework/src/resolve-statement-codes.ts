import type { Framework, Statement } from './framework.model.js';
import { findStatement } from './framework-lookup.js';
import { UnknownStatementError } from './unknown-statement.error.js';

/** Maps codes to statements in the given order; throws naming every unknown code. */
export function resolveStatementCodes(framework: Framework, codes: readonly string[]): Statement[] {
  const resolved: Statement[] = [];
  const unknown: string[] = [];
  for (const code of codes) {
    const statement = findStatement(framework, code);
    if (statement === undefined) unknown.push(code);
    else resolved.push(statement);
  }
  if (unknown.length > 0) throw new UnknownStatementError(`${framework.id} ${framework.version}`, unknown);
  return resolved;
}
