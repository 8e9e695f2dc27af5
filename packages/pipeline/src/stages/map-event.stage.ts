import { eventMap, work, type OutboxWork } from '@attain/queue';
import { createMapEventProcessor } from '../map-event.processor.js';
import { defineStage } from './pipeline-stage.js';

export const mapEventStage = defineStage({
  contract: eventMap,
  summary: 'turns an assessment event into statement evidence, parks it when its activity is unmapped',
  processor: (deps) => createMapEventProcessor(deps),
});

/** The work that maps one stored event (ingest, replay and mapping imports ask for it). */
export function mapEventWork(eventId: string): OutboxWork<'event.map'> {
  return work('event.map', { eventId });
}
