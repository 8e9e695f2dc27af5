import { findLevel, type Framework } from '@attain/framework';
import { DEFAULT_THRESHOLD, type AttainmentPolicy, type LevelRule } from './attainment-policy.js';
import { InvalidPolicyError } from './invalid-policy.error.js';
import { parseLevelRule } from './parse-level-rule.js';
import { describeValue, expectRecord, expectThreshold, rejectUnknownKeys } from './policy-guards.js';

/**
 * Validates a policy against the framework it will be applied to. A policy may cover only some
 * levels; a level without a rule is never attained.
 */
export function parsePolicy(input: unknown, framework: Framework): AttainmentPolicy {
  const root = expectRecord(input, '$');
  rejectUnknownKeys(root, ['version', 'threshold', 'levels'], '$');
  if (root.version !== 1) throw new InvalidPolicyError('version', `expected 1, got ${describeValue(root.version)}`);
  const threshold = root.threshold === undefined ? DEFAULT_THRESHOLD : expectThreshold(root.threshold, 'threshold');
  if (!Array.isArray(root.levels) || root.levels.length === 0) {
    throw new InvalidPolicyError(
      'levels',
      `expected a non-empty array of level rules, got ${describeValue(root.levels)}`,
    );
  }
  const levels = root.levels.map((value: unknown, i) => parseLevelRule(value, `levels[${i}]`, framework));
  checkNoDuplicates(levels);
  checkPrerequisites(levels, framework);
  return { version: 1, threshold, levels };
}

function checkNoDuplicates(rules: readonly LevelRule[]): void {
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const first = seen.get(rule.level);
    if (first !== undefined) {
      throw new InvalidPolicyError(
        `levels[${i}].level`,
        `duplicate rule for level "${rule.level}" (first at levels[${first}])`,
      );
    }
    seen.set(rule.level, i);
  });
}

// Requiring a strictly earlier level (in framework order) also rules out cycles and self-reference.
function checkPrerequisites(rules: readonly LevelRule[], framework: Framework): void {
  const ruled = new Set(rules.map((rule) => rule.level));
  rules.forEach((rule, i) => {
    if (rule.requires === null) return;
    const path = `levels[${i}].requires`;
    const required = findLevel(framework, rule.requires);
    if (required === undefined) {
      throw new InvalidPolicyError(path, `unknown level "${rule.requires}"`);
    }
    const own = findLevel(framework, rule.level);
    if (own === undefined || required.index >= own.index) {
      throw new InvalidPolicyError(
        path,
        `"${rule.level}" can only require a level that comes before it, not "${rule.requires}"`,
      );
    }
    if (!ruled.has(required.key)) {
      throw new InvalidPolicyError(
        path,
        `level "${rule.requires}" has no rule in this policy, so it can never be attained`,
      );
    }
  });
}
