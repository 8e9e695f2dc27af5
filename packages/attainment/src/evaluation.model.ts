/** One assessment result mapped to one statement. */
export interface EvidenceItem {
  eventId: string;
  statementCode: string;
  passed: boolean | null;
  /** 0..1, as xAPI `result.score.scaled`. */
  scaled: number | null;
  occurredAt: Date;
}

export interface StatementOutcome {
  code: string;
  demonstrated: boolean;
  /** The items that demonstrate it, earliest first. */
  demonstratedBy: EvidenceItem[];
}

export interface LevelOutcome {
  level: string;
  attained: boolean;
  demonstrated: number;
  required: number;
  /** Codes of the level's statements not demonstrated, in framework order. */
  missing: string[];
  /** When the evidence that completed the level occurred (never before its prerequisite's); null when not attained. */
  attainedAt: Date | null;
}

export interface Evaluation {
  /** Every statement of the framework, in framework order. */
  statements: StatementOutcome[];
  /** One outcome per policy rule, in framework order. */
  levels: LevelOutcome[];
  /** Attained level keys, in framework order. */
  attained: string[];
}
