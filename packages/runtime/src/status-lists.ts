import { buildStatusListCredential, signCredential } from '@attain/credentials';
import {
  findStatusList,
  saveSignedStatusList,
  setIndexesOf,
  statusListsToPublish,
  type Db,
  type StatusListRow,
} from '@attain/db';
import { statusPublish } from '@attain/queue';
import type { Issuer } from './issuer.js';

export interface SignedStatusList {
  document: Record<string, unknown>;
  validUntil: Date;
}

/** Signs and serves Bitstring Status List credentials; shared by the API and the workers. */
export interface StatusLists {
  /** The public URL of a list: what credentials name as their statusListCredential. */
  urlOf(listId: string): string;
  /** Signs the list's current bits and stores the copy; false when the list does not exist. */
  publish(listId: string): Promise<boolean>;
  /**
   * The signed list as it should be served now. When the stored copy is missing, behind the bits
   * (no worker has re-signed it yet) or past half its validity, it is re-signed first.
   */
  current(listId: string): Promise<SignedStatusList | undefined>;
  /** Lists whose signed copy is stale or will be within half a validity window. */
  due(): Promise<string[]>;
}

export function createStatusLists(deps: {
  db: Db;
  issuer: () => Issuer;
  publicUrl: string;
  validitySeconds: number;
  now: () => Date;
}): StatusLists {
  const validityMs = deps.validitySeconds * 1000;
  const urlOf = (listId: string): string => `${deps.publicUrl}/status-lists/${listId}`;
  const fresh = (list: StatusListRow, now: Date): boolean =>
    list.document !== null &&
    list.validUntil !== null &&
    list.publishedVersion === list.version &&
    list.validUntil.getTime() - now.getTime() > validityMs / 2;

  const sign = async (list: StatusListRow): Promise<SignedStatusList> => {
    const signer = await deps.issuer().signerFor(list.issuerDid);
    if (signer === undefined)
      throw new Error(`no signing key of ${list.issuerDid} is available to sign status list ${list.id}`);
    // Bits are read after the version, so the copy is at least as new as the version it claims.
    const setIndexes = await setIndexesOf(deps.db, list.id);
    const validFrom = new Date(Math.floor(deps.now().getTime() / 1000) * 1000);
    const validUntil = new Date(validFrom.getTime() + validityMs);
    const unsigned = await buildStatusListCredential({
      url: urlOf(list.id),
      issuer: list.issuerDid,
      purpose: list.purpose,
      length: list.length,
      setIndexes,
      validFrom,
      validUntil,
    });
    const document = await signCredential({
      credential: unsigned,
      signer,
      documentLoader: deps.issuer().documentLoader,
      now: validFrom,
    });
    await saveSignedStatusList(deps.db, { id: list.id, version: list.version, document, validUntil });
    return { document, validUntil };
  };

  // One signature per list at a time in this process: concurrent readers of a stale list share it.
  const inFlight = new Map<string, Promise<SignedStatusList>>();
  const signOnce = (list: StatusListRow): Promise<SignedStatusList> => {
    let running = inFlight.get(list.id);
    if (running === undefined) {
      running = sign(list).finally(() => inFlight.delete(list.id));
      inFlight.set(list.id, running);
    }
    return running;
  };

  return {
    urlOf,
    async publish(listId) {
      const list = await findStatusList(deps.db, listId);
      if (list === undefined) return false;
      await signOnce(list);
      return true;
    },
    async current(listId) {
      const list = await findStatusList(deps.db, listId);
      if (list === undefined) return undefined;
      const now = deps.now();
      const stored =
        list.document !== null && list.validUntil !== null && list.validUntil > now
          ? { document: list.document, validUntil: list.validUntil }
          : undefined;
      if (fresh(list, now) && stored !== undefined) return stored;
      try {
        return await signOnce(list);
      } catch (error) {
        // A copy still inside its validity window is true for that window; only then fail.
        if (stored !== undefined && list.publishedVersion === list.version) return stored;
        throw error;
      }
    },
    due() {
      return statusListsToPublish(deps.db, new Date(deps.now().getTime() + validityMs / 2), statusPublish.topic);
    },
  };
}
