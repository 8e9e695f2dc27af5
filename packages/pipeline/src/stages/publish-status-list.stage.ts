import { statusPublish } from '@attain/queue';
import { createPublishStatusListProcessor } from '../publish-status-list.processor.js';
import { defineStage } from './pipeline-stage.js';

export const publishStatusListStage = defineStage({
  contract: statusPublish,
  summary: 're-signs one status list from its current bits',
  processor: (deps) => createPublishStatusListProcessor(deps),
});
