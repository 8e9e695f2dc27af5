/** How one framework level is earned. Optional fields override the policy-wide setting. */
export interface LevelRule {
  level: string;
  /** Level that must be attained first (earlier in framework order), or null. */
  requires: string | null;
  /** How many of the level's statements must be demonstrated. */
  minStatements: number | 'all';
  /** Scaled-score threshold for this level's statements; defaults to the policy threshold. */
  threshold?: number;
  /** Only evidence from the last `recencyDays` days counts; null or absent means no limit. */
  recencyDays?: number | null;
  /** A credential for this level is valid this many days from issue; null or absent: no expiry. */
  validityDays?: number | null;
}

export interface AttainmentPolicy {
  version: 1;
  threshold: number;
  levels: LevelRule[];
}

export const DEFAULT_THRESHOLD = 0.8;
