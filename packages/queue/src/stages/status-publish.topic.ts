import { Type } from '@sinclair/typebox';
import { defineTopic, Id } from './topic-contract.js';

/** Re-sign one status list; changes made while it waits fold into its one pending row. */
export const statusPublish = defineTopic({
  topic: 'status.publish',
  jobKey: 'status',
  payload: Type.Object({ listId: Id }),
  outboxKey: ({ listId }) => listId,
});
