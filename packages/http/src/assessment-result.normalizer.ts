import type { NewAssessmentEvent } from '@attain/db';
import type { AssessmentResult } from './schemas.js';

export interface ResultProblem {
  index: number;
  path: string;
  message: string;
}

/**
 * Checks what a JSON Schema cannot say (score arithmetic, clock sanity) and normalises a result
 * to a stored event: the scaled score is derived from raw/min/max when needed.
 */
export function normalizeResult(
  result: AssessmentResult,
  index: number,
  now: Date,
  maxFutureSeconds: number,
): { event: NewAssessmentEvent } | { problems: ResultProblem[] } {
  const problems: ResultProblem[] = [];
  const at = (path: string, message: string): void => {
    problems.push({ index, path, message });
  };
  const score = result.score ?? {};
  let scaled: number | null = score.scaled ?? null;
  const { raw, min, max } = score;
  if (raw !== undefined || min !== undefined || max !== undefined) {
    if (raw === undefined || min === undefined || max === undefined) {
      at('/score', 'raw, min and max go together');
    } else if (!(min < max)) {
      at('/score/min', 'min must be less than max');
    } else if (raw < min || raw > max) {
      at('/score/raw', `raw must lie between min (${min}) and max (${max})`);
    } else {
      scaled ??= (raw - min) / (max - min);
    }
  }
  if (scaled !== null && !Number.isFinite(scaled)) {
    at('/score', 'the score must be a finite number');
  }
  // The activity id is indexed; Postgres btree entries hold at most ~2.7 kB.
  if (Buffer.byteLength(result.activityId, 'utf8') > 2000) {
    at('/activityId', 'at most 2000 bytes of UTF-8');
  }
  if (result.score === undefined && result.passed === undefined) {
    at('', 'a result needs a score or a passed flag');
  }
  const completedAt = new Date(result.completedAt);
  if (Number.isNaN(completedAt.getTime())) {
    at('/completedAt', 'not a valid date-time');
  } else if (completedAt.getTime() > now.getTime() + maxFutureSeconds * 1000) {
    at('/completedAt', 'lies in the future');
  }
  if (problems.length > 0) return { problems };
  const email = result.learner.email.trim().toLowerCase();
  return {
    event: {
      eventId: result.eventId,
      learner: {
        lmsUserId: result.learner.id,
        email: email,
        identityType: 'emailAddress',
        identity: email,
        name: result.learner.name,
      },
      activityId: result.activityId,
      score: { scaled, raw: raw ?? null, min: min ?? null, max: max ?? null },
      passed: result.passed ?? null,
      completedAt,
      source: 'native',
      payload: result,
    },
  };
}
