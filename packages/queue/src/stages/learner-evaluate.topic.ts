import { Type } from '@sinclair/typebox';
import { defineTopic, Id } from './topic-contract.js';

/** Evaluate one learner against one framework version: one pending row at a time. */
export const learnerEvaluate = defineTopic({
  topic: 'learner.evaluate',
  jobKey: 'eval',
  payload: Type.Object({ learnerId: Id, frameworkId: Id, version: Id }),
  outboxKey: ({ learnerId, frameworkId, version }) => JSON.stringify([learnerId, frameworkId, version]),
});
