export { startPipeline, UnknownQueueError, type PipelineOptions, type RunningPipeline } from './start-pipeline.js';
export { OutboxRelay } from './outbox-relay.js';
export { createMapEventProcessor } from './map-event.processor.js';
export { createEvaluateLearnerProcessor } from './evaluate-learner.processor.js';
export { createIssueCredentialProcessor } from './issue-credential.processor.js';
export { FrameworkCache } from './framework-cache.js';
export { attainmentId } from './attainment-id.js';
export type { PipelineDeps } from './pipeline-deps.js';
export { pipelineDeps, startPipelineFromRuntime } from './pipeline-from-runtime.js';
