import { createHash } from 'node:crypto';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import type { DocumentLoader } from './document-loader.js';
import { checkIssuer, issuerIdOf } from './issuer.check.js';
import { isRecord } from './is-record.js';
import { LruCache } from './lru-cache.js';
import { checkSignature } from './signature.check.js';
import { checkValidity } from './validity.check.js';
import type { CredentialStatusValue, VerificationCheck } from './verification-report.js';
import { formatUtc } from './xsd-date-time.js';

/** Fetches the status list credential at a URL; throws when it cannot. */
export type StatusListLoader = (url: string) => Promise<unknown>;

export interface StatusResult {
  check: VerificationCheck;
  status: CredentialStatusValue;
}

class StatusError extends Error {}

type DecodedList = Awaited<ReturnType<typeof decodeList>>;

/**
 * Status lists that passed the signature and issuer checks, by the hash of their whole content,
 * with their decoded bits: a verifier sees the same list for every credential on it, and proving and
 * unzipping it each time cost more than the credential's own proof. Only successes are kept, until
 * the list's validUntil (at most 15 minutes); validity is still checked against `now` on every use,
 * so an expired list fails closed even while it is cached. One cache per document loader: what a
 * list is proven with depends on which DIDs the loader resolves.
 */
const provenLists = new WeakMap<DocumentLoader, LruCache<string, { bits: DecodedList; until: number }>>();
const MAX_CACHE_MS = 15 * 60_000;

// A list signed just now (during this verification, or by a server whose clock runs slightly
// ahead) may start a moment after `now`; that is not a reason to refuse it.
const CLOCK_SKEW_MS = 60_000;

function justSigned(list: Record<string, unknown>, now: Date): boolean {
  const from = typeof list.validFrom === 'string' ? Date.parse(list.validFrom) : NaN;
  return from > now.getTime() && from - now.getTime() <= CLOCK_SKEW_MS && checkValidity(list, new Date(from)).ok;
}

/**
 * Reads every Bitstring Status List entry of the credential. Fails closed: a list that cannot be
 * fetched, is not signed by the credential's issuer, or has expired makes the check fail.
 */
export async function checkStatus(
  credential: Record<string, unknown>,
  loadStatusList: StatusListLoader | undefined,
  documentLoader: DocumentLoader,
  now: Date,
): Promise<StatusResult> {
  const raw = credential.credentialStatus;
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    return {
      check: { check: 'status', ok: true, message: 'The credential has no status entry: its issuer cannot revoke it.' },
      status: 'none',
    };
  }
  const entries: unknown[] = Array.isArray(raw) ? raw : [raw];
  const set: string[] = [];
  let validUntil: Date | undefined;
  try {
    for (const entry of entries) {
      const bit = await readEntry(credential, entry, loadStatusList, documentLoader, now);
      if (bit.set) set.push(bit.purpose);
      if (validUntil === undefined || bit.listValidUntil < validUntil) validUntil = bit.listValidUntil;
    }
  } catch (error) {
    const message = error instanceof StatusError ? error.message : `unexpected error: ${(error as Error).message}`;
    return {
      check: { check: 'status', ok: false, message: `The revocation status could not be checked: ${message}` },
      status: 'unknown',
    };
  }
  if (set.includes('revocation'))
    return {
      check: { check: 'status', ok: false, message: 'This credential has been revoked by its issuer.' },
      status: 'revoked',
    };
  if (set.includes('suspension'))
    return {
      check: { check: 'status', ok: false, message: 'This credential is suspended by its issuer.' },
      status: 'suspended',
    };
  const until = validUntil === undefined ? '' : ` (status list valid until ${formatUtc(validUntil)})`;
  return {
    check: { check: 'status', ok: true, message: `The issuer has not revoked or suspended this credential${until}.` },
    status: 'active',
  };
}

async function readEntry(
  credential: Record<string, unknown>,
  entry: unknown,
  loadStatusList: StatusListLoader | undefined,
  documentLoader: DocumentLoader,
  now: Date,
): Promise<{ purpose: string; set: boolean; listValidUntil: Date }> {
  if (!isRecord(entry) || entry.type !== 'BitstringStatusListEntry')
    throw new StatusError('the credential uses a status method other than BitstringStatusListEntry.');
  const { statusPurpose: purpose, statusListCredential: url, statusListIndex } = entry;
  if (purpose !== 'revocation' && purpose !== 'suspension')
    throw new StatusError(`the status purpose ${JSON.stringify(purpose)} is not supported.`);
  if (typeof url !== 'string') throw new StatusError('the status entry does not name its status list.');
  const index =
    typeof statusListIndex === 'string' && /^\d{1,10}$/.test(statusListIndex) ? Number(statusListIndex) : NaN;
  if (!Number.isSafeInteger(index)) throw new StatusError('the status entry has no valid statusListIndex.');
  if (loadStatusList === undefined) throw new StatusError(`the status list ${url} cannot be fetched here.`);

  let list: unknown;
  try {
    list = await loadStatusList(url);
  } catch (error) {
    throw new StatusError(`the status list ${url} could not be fetched (${(error as Error).message}).`);
  }
  if (!isRecord(list)) throw new StatusError(`the status list ${url} is not a credential.`);
  const types: unknown[] = Array.isArray(list.type) ? list.type : [list.type];
  const subject = list.credentialSubject;
  if (!types.includes('BitstringStatusListCredential') || !isRecord(subject) || subject.type !== 'BitstringStatusList')
    throw new StatusError(`${url} is not a BitstringStatusListCredential.`);
  if (subject.statusPurpose !== purpose)
    throw new StatusError(`the status list ${url} is for ${String(subject.statusPurpose)}, not ${purpose}.`);

  const key = createHash('sha256').update(JSON.stringify(list)).digest('base64url');
  let proven = provenLists.get(documentLoader);
  if (proven === undefined) provenLists.set(documentLoader, (proven = new LruCache(64)));
  const cached = proven.get(key);
  const fresh = cached !== undefined && cached.until > now.getTime() ? cached : undefined;
  if (fresh === undefined) {
    const signature = await checkSignature(list, documentLoader, now);
    if (!signature.check.ok) throw new StatusError(`the status list ${url} is not validly signed.`);
    const issuer = await checkIssuer(list, documentLoader, signature.verifiedMethodIds);
    if (!issuer.ok) throw new StatusError(`the status list ${url} was not signed with a key of its issuer.`);
  }
  if (issuerIdOf(list) !== issuerIdOf(credential))
    throw new StatusError(`the status list ${url} was not issued by the credential's issuer.`);
  const validity = checkValidity(list, now);
  if (!validity.ok && !justSigned(list, now))
    throw new StatusError(`the status list ${url} is out of date: ${validity.message}`);

  let bits = fresh?.bits;
  if (bits === undefined) {
    if (typeof subject.encodedList !== 'string') throw new StatusError(`the status list ${url} has no encodedList.`);
    try {
      bits = await decodeList({ encodedList: subject.encodedList });
    } catch {
      throw new StatusError(`the status list ${url} cannot be decoded.`);
    }
    const validUntil = typeof list.validUntil === 'string' ? Date.parse(list.validUntil) : NaN;
    const until = Math.min(Number.isNaN(validUntil) ? Infinity : validUntil, now.getTime() + MAX_CACHE_MS);
    proven.set(key, { bits, until });
  }
  if (index >= bits.length) throw new StatusError(`index ${index} is outside the status list ${url}.`);
  // The validity check above passed, so validUntil is absent or a readable date.
  const listValidUntil = typeof list.validUntil === 'string' ? new Date(list.validUntil) : new Date(8.64e15);
  return { purpose, set: bits.getStatus(index), listValidUntil };
}
