import type { Framework, Level, Statement } from './framework.model.js';

export function findLevel(framework: Framework, key: string): Level | undefined {
  return framework.levels.find((level) => level.key === key);
}

export function findStatement(framework: Framework, code: string): Statement | undefined {
  for (const level of framework.levels) {
    const statement = level.statements.find((candidate) => candidate.code === code);
    if (statement !== undefined) return statement;
  }
  return undefined;
}
