import type { Framework } from '@attain/framework';
import type { AttainmentPolicy } from './attainment-policy.js';
import type { Evaluation, EvidenceItem } from './evaluation.model.js';
import { evaluateLevels } from './evaluate-levels.js';
import { evaluateStatements } from './evaluate-statements.js';
import { parsePolicy } from './parse-policy.js';

/**
 * Applies a policy to a learner's evidence as of `now`. Evidence after `now`, outside a level's
 * recency window, or for codes the framework does not define is ignored. Pure and deterministic.
 * Throws InvalidPolicyError when the policy does not fit the framework.
 */
export function evaluate(
  framework: Framework,
  evidence: readonly EvidenceItem[],
  policy: AttainmentPolicy,
  now: Date,
): Evaluation {
  if (Number.isNaN(now.getTime())) throw new RangeError('evaluate: now is an invalid Date');
  // Re-validated here because the level pass relies on prerequisites coming earlier.
  const checked = parsePolicy(policy, framework);
  const statements = evaluateStatements(framework, evidence, checked, now);
  const levels = evaluateLevels(framework, statements, checked);
  const attained = levels.filter((outcome) => outcome.attained).map((outcome) => outcome.level);
  return { statements, levels, attained };
}
