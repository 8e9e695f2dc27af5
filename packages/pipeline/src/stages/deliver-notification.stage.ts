import { notifyDeliver } from '@attain/queue';
import { createDeliverNotificationProcessor } from '../deliver-notification.processor.js';
import { defineStage } from './pipeline-stage.js';

export const deliverNotificationStage = defineStage({
  contract: notifyDeliver,
  summary: 'e-mails the agent or posts the signed webhook; retries transient failures, dead-letters the rest',
  processor: (deps) => createDeliverNotificationProcessor(deps),
});
