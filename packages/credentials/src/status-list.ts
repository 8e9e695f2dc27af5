import { createList } from '@digitalbazaar/vc-bitstring-status-list';
import { VC_V2_CONTEXT } from './bundled-contexts.js';
import { toDateTime } from './xsd-date-time.js';

/** The two purposes Attain publishes: revocation is final, suspension can be lifted. */
export type StatusPurpose = 'revocation' | 'suspension';

/** Where one credential's bit lives: a list (by its URL) and a position in it. */
export interface StatusEntryRef {
  purpose: StatusPurpose;
  listUrl: string;
  index: number;
}

/** The `credentialStatus` entry (W3C Bitstring Status List v1.0) pointing at one bit. */
export function statusListEntry(ref: StatusEntryRef): Record<string, unknown> {
  return {
    id: `${ref.listUrl}#${ref.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: ref.purpose,
    statusListIndex: String(ref.index),
    statusListCredential: ref.listUrl,
  };
}

/**
 * The `credentialStatus` value for a set of entries. Open Badges 3.0 allows one status object, so a
 * single entry is written as an object; only a deployment that enables suspension writes an array
 * of two (VC 2.0 and Bitstring Status List allow it; the OB 3.0 JSON Schema does not).
 */
export function credentialStatusOf(
  refs: readonly StatusEntryRef[],
): Record<string, unknown> | Record<string, unknown>[] | undefined {
  const entries = refs.map(statusListEntry);
  if (entries.length <= 1) return entries[0];
  return entries;
}

/** The unsigned BitstringStatusListCredential for one list, with `setIndexes` turned on. */
export async function buildStatusListCredential(args: {
  url: string;
  issuer: string;
  purpose: StatusPurpose;
  length: number;
  setIndexes: Iterable<number>;
  validFrom: Date;
  validUntil: Date;
}): Promise<Record<string, unknown>> {
  const list = await createList({ length: args.length });
  for (const index of args.setIndexes) list.setStatus(index, true);
  return {
    '@context': [VC_V2_CONTEXT],
    id: args.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: args.issuer,
    validFrom: toDateTime(args.validFrom),
    validUntil: toDateTime(args.validUntil),
    credentialSubject: {
      id: `${args.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: args.purpose,
      encodedList: await list.encode(),
      // Milliseconds a verifier may cache the list (the spec's advisory `ttl`). Half the window: a
      // list is served until half its validity is gone, so caching it this long from any fetch
      // still ends within its validUntil.
      ttl: Math.floor((args.validUntil.getTime() - args.validFrom.getTime()) / 2),
    },
  };
}
