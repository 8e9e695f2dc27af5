import { TOPICS, type Topic } from '@attain/queue';
import { deliverNotificationStage } from './deliver-notification.stage.js';
import { evaluateLearnerStage } from './evaluate-learner.stage.js';
import { issueCredentialStage } from './issue-credential.stage.js';
import type { PipelineStage } from './pipeline-stage.js';
import { mapEventStage } from './map-event.stage.js';
import { publishStatusListStage } from './publish-status-list.stage.js';

/** Every stage of the pipeline, in flow order; adding a stage is a topic in @attain/queue plus a line here. */
export const STAGES: readonly PipelineStage[] = [
  mapEventStage,
  evaluateLearnerStage,
  issueCredentialStage,
  publishStatusListStage,
  deliverNotificationStage,
];

/** A topic without a processor, or with two: the process must not start (immich's job repository checks the same). */
export class StageRegistryError extends Error {
  constructor(
    readonly missing: readonly string[],
    readonly duplicated: readonly string[],
  ) {
    super(
      [
        ...(missing.length === 0 ? [] : [`no processor for ${missing.join(', ')}`]),
        ...(duplicated.length === 0 ? [] : [`more than one processor for ${duplicated.join(', ')}`]),
      ].join('; '),
    );
    this.name = 'StageRegistryError';
  }
}

export class UnknownQueueError extends Error {
  constructor(
    readonly names: string[],
    known: readonly string[] = TOPICS,
  ) {
    super(`WORKER_QUEUES names unknown queues: ${names.join(', ')} (known: ${known.join(', ')})`);
    this.name = 'UnknownQueueError';
  }
}

/** Each topic's one stage; throws StageRegistryError unless every topic has exactly one. */
export function stagesByTopic(
  stages: readonly PipelineStage[] = STAGES,
  topics: readonly Topic[] = TOPICS,
): Map<Topic, PipelineStage> {
  const count = (topic: string): number => stages.filter((stage) => stage.topic === topic).length;
  const missing = topics.filter((topic) => count(topic) === 0);
  const duplicated = [...new Set(stages.map((stage) => stage.topic))].filter((topic) => count(topic) > 1);
  if (missing.length > 0 || duplicated.length > 0) throw new StageRegistryError(missing, duplicated);
  return new Map(stages.map((stage) => [stage.topic, stage]));
}

/** The stages a process serves (WORKER_QUEUES): all, or the named ones; an unknown name is refused. */
export function selectStages(
  wanted: 'all' | readonly string[],
  stages: readonly PipelineStage[] = STAGES,
): PipelineStage[] {
  const registry = stagesByTopic(stages);
  if (wanted === 'all') return [...registry.values()];
  const known = [...registry.keys()];
  const unknown = wanted.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UnknownQueueError(unknown, known);
  return wanted.map((name) => registry.get(name as Topic) as PipelineStage);
}
