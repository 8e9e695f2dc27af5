export { TOPICS, isTopic, jobIdFor, type Topic, type TopicPayloads, type JobData, type WorkItem } from './topics.js';
export { createRedisConnection, type RedisConnection, type RedisSettings } from './redis-connection.js';
export { DEFAULT_JOB_OPTIONS } from './job-options.js';
export { parseJobData } from './job-data.js';
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
