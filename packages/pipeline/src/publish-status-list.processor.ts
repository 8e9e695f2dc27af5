import { completeOutbox } from '@attain/db';
import type { JobHandler } from '@attain/queue';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * status.publish: re-signs one status list from its current bits. Changes made while a list waits
 * fold into one pending row (its generation is bumped), so a burst of revocations costs one signature.
 */
export function createPublishStatusListProcessor(deps: PipelineDeps): JobHandler<'status.publish'> {
  return async (data) => {
    const found = await deps.statusLists.publish(data.listId);
    if (!found) deps.logger.warn({ listId: data.listId }, 'status list to publish does not exist');
    await completeOutbox(deps.db, data.outboxId, data.generation);
  };
}
