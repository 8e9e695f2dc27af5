import { isRecord } from './is-record.js';

/** Finds a verification method in a DID document by its absolute id; relative ids ("#key-1") are resolved against the document id. */
export function verificationMethodIn(
  document: Record<string, unknown>,
  id: string,
): Record<string, unknown> | undefined {
  const methods = Array.isArray(document.verificationMethod) ? (document.verificationMethod as unknown[]) : [];
  for (const method of methods) {
    if (isRecord(method) && typeof method.id === 'string' && absoluteId(document, method.id) === id) {
      return { ...method, id };
    }
  }
  return undefined;
}

/** The ids a DID document lists under a verification relationship (assertionMethod, authentication, …). */
export function relationshipIds(document: Record<string, unknown>, relationship: string): string[] {
  const entries: unknown = document[relationship];
  const list = Array.isArray(entries) ? (entries as unknown[]) : entries === undefined ? [] : [entries];
  return list.flatMap((entry) => {
    const id =
      typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined;
    return id === undefined ? [] : [absoluteId(document, id)];
  });
}

function absoluteId(document: Record<string, unknown>, id: string): string {
  return id.startsWith('#') && typeof document.id === 'string' ? `${document.id}${id}` : id;
}
