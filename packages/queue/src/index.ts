export {
  TOPICS,
  isTopic,
  jobIdFor,
  work,
  type Topic,
  type TopicPayloads,
  type JobData,
  type OutboxWork,
  type WorkItem,
} from './topics.js';
export { defineTopic, type TopicContract } from './stages/topic-contract.js';
export { eventMap } from './stages/event-map.topic.js';
export { learnerEvaluate } from './stages/learner-evaluate.topic.js';
export { credentialIssue } from './stages/credential-issue.topic.js';
export { statusPublish } from './stages/status-publish.topic.js';
export { notifyDeliver } from './stages/notify-deliver.topic.js';
export { createRedisConnection, type RedisConnection, type RedisSettings } from './redis-connection.js';
export { DEFAULT_JOB_OPTIONS } from './job-options.js';
export { parseJobData } from './job-data.js';
export { Outbox, type OutboxLog } from './outbox.js';
export {
  postgresQueueConnection,
  redisQueueConnection,
  type QueueBackend,
  type QueueConnection,
  type WorkerSettings,
} from './queue-connection.js';
export { QueueProducer, UnknownTopicError } from './queue-producer.js';
export { startWorker, type JobHandler, type WorkerOptions } from './worker-factory.js';
export { UnrecoverableError, type Worker, type Job } from 'bullmq';
