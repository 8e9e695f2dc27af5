import { credentialIssue } from '@attain/queue';
import { createIssueCredentialProcessor } from '../issue-credential.processor.js';
import { defineStage } from './pipeline-stage.js';

export const issueCredentialStage = defineStage({
  contract: credentialIssue,
  summary: "builds, signs and stores the attainment's credential once, and queues its deliveries",
  processor: (deps, shared) => createIssueCredentialProcessor(deps, shared.frameworks),
});
