import { learnerEvaluate, work, type OutboxWork } from '@attain/queue';
import { createEvaluateLearnerProcessor } from '../evaluate-learner.processor.js';
import { defineStage } from './pipeline-stage.js';

export const evaluateLearnerStage = defineStage({
  contract: learnerEvaluate,
  summary: "applies the framework's policy to the learner's evidence and records each newly attained level",
  processor: (deps, shared) => createEvaluateLearnerProcessor(deps, shared.frameworks),
});

/** The work that evaluates one learner against one framework version (xAPI voiding asks for it). */
export function evaluateLearnerWork(
  learnerId: string,
  frameworkId: string,
  version: string,
): OutboxWork<'learner.evaluate'> {
  return work('learner.evaluate', { learnerId, frameworkId, version });
}
