import { findLevel, type Framework } from '@attain/framework';
import type { LevelRule } from './attainment-policy.js';
import { InvalidPolicyError } from './invalid-policy.error.js';
import { describeValue, expectRecord, expectThreshold, rejectUnknownKeys } from './policy-guards.js';

const RULE_KEYS = ['level', 'requires', 'minStatements', 'threshold', 'recencyDays', 'validityDays'] as const;

/** Checks one rule on its own; how rules relate to each other is checked by parsePolicy. */
export function parseLevelRule(value: unknown, path: string, framework: Framework): LevelRule {
  const record = expectRecord(value, path);
  rejectUnknownKeys(record, RULE_KEYS, path);

  const levelKey = record.level;
  const level = typeof levelKey === 'string' ? findLevel(framework, levelKey) : undefined;
  if (level === undefined) {
    const known = framework.levels.map((candidate) => candidate.key).join(', ');
    throw new InvalidPolicyError(
      `${path}.level`,
      `unknown level ${describeValue(levelKey)}; framework ${framework.id} ${framework.version} has ${known}`,
    );
  }

  const { requires } = record;
  if (requires !== null && typeof requires !== 'string') {
    throw new InvalidPolicyError(`${path}.requires`, `expected a level key or null, got ${describeValue(requires)}`);
  }

  const count = level.statements.length;
  const { minStatements } = record;
  if (
    minStatements !== 'all' &&
    !(
      typeof minStatements === 'number' &&
      Number.isInteger(minStatements) &&
      minStatements >= 1 &&
      minStatements <= count
    )
  ) {
    throw new InvalidPolicyError(
      `${path}.minStatements`,
      `expected "all" or an integer from 1 to ${count}, got ${describeValue(minStatements)}`,
    );
  }

  const rule: LevelRule = { level: level.key, requires, minStatements };
  if (record.threshold !== undefined) rule.threshold = expectThreshold(record.threshold, `${path}.threshold`);
  if (record.recencyDays !== undefined) rule.recencyDays = parseRecencyDays(record.recencyDays, `${path}.recencyDays`);
  if (record.validityDays !== undefined)
    rule.validityDays = parseValidityDays(record.validityDays, `${path}.validityDays`);
  return rule;
}

function parseRecencyDays(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidPolicyError(path, `expected a positive number of days or null, got ${describeValue(value)}`);
  }
  return value;
}

function parseValidityDays(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidPolicyError(
      path,
      `expected a whole number of days (at least 1) or null, got ${describeValue(value)}`,
    );
  }
  return value;
}
