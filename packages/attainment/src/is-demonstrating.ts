import type { EvidenceItem } from './evaluation.model.js';

export function isDemonstrating(item: EvidenceItem, threshold: number): boolean {
  return item.passed === true || (item.scaled !== null && item.scaled >= threshold);
}
