import { Type } from '@sinclair/typebox';
import { defineTopic, Id } from './topic-contract.js';

/** Build, sign and store the credential of one attainment (a renewal is keyed `<id>#<round>`). */
export const credentialIssue = defineTopic({
  topic: 'credential.issue',
  jobKey: 'issue',
  payload: Type.Object({ attainmentId: Id }),
  outboxKey: ({ attainmentId }) => attainmentId,
});
