import { Type } from '@sinclair/typebox';
import { defineTopic, Id } from './topic-contract.js';

/** Deliver one announcement of an issued credential (e-mail or LMS webhook). */
export const notifyDeliver = defineTopic({
  topic: 'notify.deliver',
  jobKey: 'deliver',
  payload: Type.Object({ deliveryId: Id }),
  outboxKey: ({ deliveryId }) => deliveryId,
});
