import type { Framework } from '@attain/framework';
import { DEFAULT_THRESHOLD, type AttainmentPolicy, type LevelRule } from './attainment-policy.js';

/** Every statement of a level, at 0.8, after the previous level. */
export function defaultPolicy(framework: Framework): AttainmentPolicy {
  const levels = framework.levels.map((level, i): LevelRule => ({
    level: level.key,
    requires: framework.levels[i - 1]?.key ?? null,
    minStatements: 'all',
  }));
  return { version: 1, threshold: DEFAULT_THRESHOLD, levels };
}
