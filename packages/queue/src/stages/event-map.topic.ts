import { Type } from '@sinclair/typebox';
import { defineTopic, Id } from './topic-contract.js';

/** Map one stored assessment event to statement evidence. */
export const eventMap = defineTopic({
  topic: 'event.map',
  jobKey: 'map',
  payload: Type.Object({ eventId: Id }),
  outboxKey: ({ eventId }) => eventId,
});
