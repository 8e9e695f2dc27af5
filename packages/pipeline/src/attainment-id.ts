import { v5 as uuidv5 } from 'uuid';

// Fixed namespace for Attain's derived ids; changing it would change every credential id.
const NAMESPACE = '7c0f5a52-3a1e-5b8e-9c43-1f2f0c3b7d11';

/**
 * An attainment is unique per (learner, framework version, level), and its credential id is
 * derived from that key: a retried or duplicated issue finds the stored credential.
 */
export function attainmentId(learnerId: string, frameworkId: string, version: string, level: string): string {
  return uuidv5(JSON.stringify([learnerId, frameworkId, version, level]), NAMESPACE);
}

/** The credential of one round of an attainment: the first keeps the attainment's id. */
export function credentialIdFor(attainmentId: string, round: number): string {
  return round === 1 ? attainmentId : uuidv5(JSON.stringify([attainmentId, round]), NAMESPACE);
}
