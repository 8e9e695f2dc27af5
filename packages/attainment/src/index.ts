export type { AttainmentPolicy, LevelRule } from './attainment-policy.js';
export type { Evaluation, EvidenceItem, LevelOutcome, StatementOutcome } from './evaluation.model.js';
export { InvalidPolicyError } from './invalid-policy.error.js';
export { defaultPolicy } from './default-policy.js';
export { parsePolicy } from './parse-policy.js';
export { isDemonstrating } from './is-demonstrating.js';
export { evaluate } from './evaluate.js';
