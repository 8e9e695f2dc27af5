import type { Framework } from '@attain/framework';
import type { AttainmentPolicy } from './attainment-policy.js';
import type { LevelOutcome, StatementOutcome } from './evaluation.model.js';

/** Level outcomes in framework order; relies on a validated policy (prerequisites come earlier). */
export function evaluateLevels(
  framework: Framework,
  statements: readonly StatementOutcome[],
  policy: AttainmentPolicy,
): LevelOutcome[] {
  const byCode = new Map(statements.map((outcome) => [outcome.code, outcome]));
  const outcomes = new Map<string, LevelOutcome>();
  for (const level of framework.levels) {
    const rule = policy.levels.find((candidate) => candidate.level === level.key);
    if (rule === undefined) continue;

    const missing: string[] = [];
    const firstDemonstrated: number[] = [];
    for (const statement of level.statements) {
      const first = byCode.get(statement.code)?.demonstratedBy[0];
      if (first === undefined) missing.push(statement.code);
      else firstDemonstrated.push(first.occurredAt.getTime());
    }
    const required = rule.minStatements === 'all' ? level.statements.length : rule.minStatements;
    const prerequisite = rule.requires === null ? undefined : outcomes.get(rule.requires);
    const prerequisiteMet = rule.requires === null || prerequisite?.attained === true;
    const attained = prerequisiteMet && firstDemonstrated.length >= required;

    outcomes.set(level.key, {
      level: level.key,
      attained,
      demonstrated: firstDemonstrated.length,
      required,
      missing,
      attainedAt: attained ? completedAt(firstDemonstrated, required, prerequisite?.attainedAt ?? null) : null,
    });
  }
  return [...outcomes.values()];
}

/** The moment the `required`-th statement was first demonstrated, but never before the prerequisite. */
function completedAt(firstDemonstrated: number[], required: number, prerequisiteAt: Date | null): Date {
  const sorted = [...firstDemonstrated].sort((a, b) => a - b);
  const own = sorted[required - 1] ?? -Infinity;
  return new Date(Math.max(own, prerequisiteAt?.getTime() ?? -Infinity));
}
