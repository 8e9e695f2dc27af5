import type { Framework } from '@attain/framework';
import type { AttainmentPolicy } from './attainment-policy.js';
import type { EvidenceItem, StatementOutcome } from './evaluation.model.js';
import { isDemonstrating } from './is-demonstrating.js';

const DAY_MS = 86_400_000;

/** Which statements the evidence demonstrates as of `now`, for every statement in the framework. */
export function evaluateStatements(
  framework: Framework,
  evidence: readonly EvidenceItem[],
  policy: AttainmentPolicy,
  now: Date,
): StatementOutcome[] {
  const byCode = groupByStatement(evidence);
  return framework.levels.flatMap((level) => {
    const rule = policy.levels.find((candidate) => candidate.level === level.key);
    const threshold = rule?.threshold ?? policy.threshold;
    const recencyDays = rule?.recencyDays ?? null;
    const earliest = recencyDays === null ? -Infinity : now.getTime() - recencyDays * DAY_MS;
    return level.statements.map((statement): StatementOutcome => {
      const demonstratedBy = uniqueEvents(
        (byCode.get(statement.code) ?? []).filter((item) => {
          const time = item.occurredAt.getTime();
          return time >= earliest && time <= now.getTime() && isDemonstrating(item, threshold);
        }),
      );
      return { code: statement.code, demonstrated: demonstratedBy.length > 0, demonstratedBy };
    });
  });
}

function groupByStatement(evidence: readonly EvidenceItem[]): Map<string, EvidenceItem[]> {
  const byCode = new Map<string, EvidenceItem[]>();
  for (const item of evidence) {
    const items = byCode.get(item.statementCode);
    if (items === undefined) byCode.set(item.statementCode, [item]);
    else items.push(item);
  }
  return byCode;
}

/** Earliest first, ties broken by event id so input order never matters; a repeated event counts once. */
function uniqueEvents(items: EvidenceItem[]): EvidenceItem[] {
  const sorted = [...items].sort(compareEvidence);
  const seen = new Set<string>();
  return sorted.filter((item) => {
    if (seen.has(item.eventId)) return false;
    seen.add(item.eventId);
    return true;
  });
}

function compareEvidence(a: EvidenceItem, b: EvidenceItem): number {
  const byTime = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (byTime !== 0) return byTime;
  if (a.eventId === b.eventId) return 0;
  return a.eventId < b.eventId ? -1 : 1;
}
