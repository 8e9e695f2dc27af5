import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { UnrecoverableError } from 'bullmq';
import { Id } from './stages/topic-contract.js';
import { TOPIC_CONTRACTS, type JobData, type Topic } from './topics.js';

// Each field of each job, checked on its own so that the error names every field that fails, in
// payload order between the outbox id and the generation. Compiled once: this runs for every job.
const FIELDS = new Map<string, [string, TypeCheck<TSchema>][]>(
  TOPIC_CONTRACTS.map((contract) => [
    contract.topic,
    Object.entries({ outboxId: Id, ...contract.payload.properties, generation: Type.Integer() }).map(
      ([name, schema]): [string, TypeCheck<TSchema>] => [name, TypeCompiler.Compile(schema)],
    ),
  ]),
);

/**
 * Checks a job's payload against its topic's schema before its processor sees it. A payload that
 * can never succeed fails at once (UnrecoverableError) instead of being retried.
 */
export function parseJobData<T extends Topic>(topic: T, data: unknown): JobData<T> {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const missing = (FIELDS.get(topic) ?? [])
    .filter(([field, check]) => !check.Check(record[field]))
    .map(([field]) => field);
  if (missing.length > 0) throw new UnrecoverableError(`${topic} job payload lacks ${missing.join(', ')}`);
  // Checked field by field against the schema above; TypeScript cannot follow that through the generic.
  return record as unknown as JobData<T>;
}
