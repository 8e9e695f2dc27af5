import { randomUUID } from 'node:crypto';
import { CLIENT_HEADER, SIGNATURE_HEADER, signIngestBody, TIMESTAMP_HEADER } from '@attain/runtime';

/** The bundled framework's four levels of ten statements each; one mapped activity per statement. */
export const LEVELS = ['emerging', 'developing', 'proficient', 'advanced'] as const;
export const CODES = LEVELS.flatMap((level) => Array.from({ length: 10 }, (_, i) => `${level}-${i + 1}`));
export const FRAMEWORK = { id: '41-3031.00', version: 'v.26.05' } as const;
export const activityOf = (code: string): string => `https://lms.bench/${code}`;

/** An LMS client as the admin API makes it: its id and its HMAC secret. */
export interface LmsClient {
  id: string;
  hmacSecret: string;
}

export interface AssessmentResult {
  eventId: string;
  learner: { id: string; email: string; name: string };
  activityId: string;
  score: { scaled: number };
  completedAt: string;
}

/** One passing result of the learner for the statement's activity, under a fresh event id. */
export function passingResult(learnerId: string, code: string, completedAt: string): AssessmentResult {
  return {
    eventId: randomUUID(),
    learner: { id: learnerId, email: `${learnerId}@bench.example`, name: learnerId },
    activityId: activityOf(code),
    score: { scaled: 0.95 },
    completedAt,
  };
}

/** The headers of a native-webhook request: HMAC-SHA256 over `<timestamp>.<raw body>`, signed now. */
export function signedHeaders(client: LmsClient, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    [CLIENT_HEADER]: client.id,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signIngestBody(client.hmacSecret, timestamp, body),
  };
}

/** Posts a signed body; resolves with the status and the moment the answer arrived. */
export async function postResults(
  base: string,
  client: LmsClient,
  results: AssessmentResult | AssessmentResult[],
): Promise<{ status: number; at: number }> {
  const body = JSON.stringify(results);
  const response = await fetch(`${base}/v1/assessment-results`, {
    method: 'POST',
    headers: signedHeaders(client, body),
    body,
  });
  const at = Date.now();
  await response.arrayBuffer();
  return { status: response.status, at };
}

/** An agent's forty passing results (every statement of the four levels) in one batch. */
export function agentBatch(agentId: string): AssessmentResult[] {
  const completedAt = new Date(Date.now() - 60_000).toISOString();
  return CODES.map((code) => passingResult(agentId, code, completedAt));
}

/** The value at quantile q (0..1) of ascending-sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
