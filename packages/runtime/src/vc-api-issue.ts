import { randomUUID } from 'node:crypto';
import {
  checkIssuableCredential,
  credentialStatusOf,
  InvalidCredentialError,
  signCredential,
  type CredentialProblem,
} from '@attain/credentials';
import {
  allocateStatusEntries,
  appendAudit,
  findStatusEntries,
  insertVcApiCredential,
  vcApiCredentialExists,
  type Db,
} from '@attain/db';
import { statusCredentialId } from './credential-status.js';
import type { Issuer, IssuerRegistry } from './issuer.js';
import { checkRelatedResource } from './related-resource.check.js';
import type { StatusLists } from './status-lists.js';

const STATUS_LIST_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';

/** Why a VC-API issue request was refused: `status` is the HTTP answer, `problems` name fields. */
export class IssueRequestError extends Error {
  constructor(
    readonly status: 400 | 409 | 422,
    readonly code: string,
    message: string,
    readonly problems: CredentialProblem[] = [],
  ) {
    super(message);
    this.name = 'IssueRequestError';
  }
}

export interface IssueDeps {
  db: Db;
  issuers: IssuerRegistry;
  statusLists: StatusLists;
  status: { listLength: number; suspension: boolean };
}

/**
 * VC-API `POST /credentials/issue`: checks a VC 2.0 or VC 1.1 credential, whose issuer (named there
 * or in options.issuer) must be one of this deployment's, gives it status entries (so
 * `POST /credentials/status` can revoke it), signs it with eddsa-rdfc-2022 and keeps it, all in one
 * transaction, audited.
 */
export async function issueRequestedCredential(
  deps: IssueDeps,
  request: { credential: unknown; options: unknown; actor: string; now: Date },
): Promise<Record<string, unknown>> {
  const options = request.options ?? {};
  if (typeof options !== 'object' || Array.isArray(options))
    throw new IssueRequestError(400, 'invalid_options', 'options must be an object');
  const unknown = Object.keys(options).filter((k) => k !== 'credentialId' && k !== 'issuer');
  if (unknown.length > 0)
    throw new IssueRequestError(400, 'unknown_option_provided', `unsupported option(s): ${unknown.join(', ')}`);
  const { credentialId: optionId, issuer: optionIssuer } = options as { credentialId?: unknown; issuer?: unknown };
  if (optionId !== undefined && (typeof optionId !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(optionId)))
    throw new IssueRequestError(400, 'invalid_options', 'options.credentialId must be a URL');
  const chosen = optionIssuer === undefined ? undefined : issuerNamed(deps.issuers, optionIssuer);

  const checked = checkIssuableCredential(request.credential);
  const { version } = checked;
  const problems = isObject(request.credential)
    ? [...checked.problems, ...checkRelatedResource(request.credential)]
    : checked.problems;
  // VC 2.0 requires `issuer`: one left out is refused rather than guessed, unless options.issuer
  // names which of this deployment's issuers signs.
  if (isObject(request.credential) && request.credential.issuer === undefined && chosen === undefined)
    problems.push({
      pointer: '/issuer',
      detail: `is required: one of ${didsOf(deps.issuers)} (or name one in options.issuer)`,
    });
  if (problems.length > 0 || version === undefined)
    throw new IssueRequestError(
      400,
      'invalid_credential',
      'the credential does not follow the Verifiable Credentials data model',
      problems.map((p) => ({ pointer: `/credential${p.pointer}`, detail: p.detail })),
    );
  const credential = structuredClone(request.credential) as Record<string, unknown>;
  if (credential.issuer === undefined && chosen !== undefined) credential.issuer = chosen.did;
  const named = typeof credential.issuer === 'string' ? credential.issuer : (credential.issuer as { id: string }).id;
  const issuer = deps.issuers.all.find((i) => i.did === named);
  if (issuer === undefined) {
    const dids = didsOf(deps.issuers);
    throw new IssueRequestError(400, 'issuer_mismatch', `this service issues as ${dids}, not ${named}`, [
      { pointer: '/credential/issuer', detail: `must be one of ${dids}` },
    ]);
  }
  if (chosen !== undefined && chosen !== issuer)
    throw new IssueRequestError(400, 'issuer_mismatch', `options.issuer names ${chosen.did}, the credential ${named}`, [
      { pointer: '/options/issuer', detail: 'must name the issuer the credential names' },
    ]);
  if (credential.credentialStatus !== undefined)
    throw new IssueRequestError(400, 'invalid_credential', 'credentialStatus is assigned by this issuer', [
      {
        pointer: '/credential/credentialStatus',
        detail: 'must be absent: this issuer gives every credential its status entry',
      },
    ]);
  if (optionId !== undefined && credential.id !== undefined && optionId !== credential.id)
    throw new IssueRequestError(
      400,
      'invalid_options',
      'options.credentialId must equal credential.id when both are given',
    );
  if (credential.id === undefined && optionId === undefined) credential.id = `urn:uuid:${randomUUID()}`;
  // The handle status changes use: a uuid URN in one canonical (lower-case) form.
  const handle = statusCredentialId(optionId ?? (credential.id as string));

  try {
    return await signAndKeep(deps, { credential, issuer, handle, version, actor: request.actor, now: request.now });
  } catch (error) {
    // Two requests racing with one credentialId: the loser meets the unique keys.
    if ((error as { code?: unknown }).code === '23505')
      throw new IssueRequestError(409, 'duplicate_credential_id', `a credential ${handle} was already issued`);
    throw error;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const didsOf = (issuers: IssuerRegistry): string => issuers.all.map((i) => i.did).join(', ');

/** options.issuer: one of this deployment's issuers, by DID or by slug (`default`, or its `attain issuer create` name). */
function issuerNamed(issuers: IssuerRegistry, name: unknown): Issuer {
  const issuer =
    typeof name === 'string' ? (issuers.all.find((i) => i.did === name) ?? issuers.bySlug(name)) : undefined;
  if (issuer === undefined)
    throw new IssueRequestError(400, 'invalid_options', 'options.issuer names no issuer of this service', [
      { pointer: '/options/issuer', detail: `must be one of ${didsOf(issuers)}, or an issuer's slug` },
    ]);
  return issuer;
}

async function signAndKeep(
  deps: IssueDeps,
  request: {
    credential: Record<string, unknown>;
    issuer: Issuer;
    handle: string;
    version: 1 | 2;
    actor: string;
    now: Date;
  },
): Promise<Record<string, unknown>> {
  const { credential, handle, version, issuer } = request;
  return deps.db.transaction().execute(async (trx) => {
    if ((await vcApiCredentialExists(trx, handle)) || (await findStatusEntries(trx, handle)).length > 0)
      throw new IssueRequestError(409, 'duplicate_credential_id', `a credential ${handle} was already issued`);
    const entries = await allocateStatusEntries(trx, {
      credentialId: handle,
      issuerDid: issuer.did,
      purposes: deps.status.suspension ? ['revocation', 'suspension'] : ['revocation'],
      listLength: deps.status.listLength,
    });
    credential.credentialStatus = credentialStatusOf(
      entries.map((e) => ({ purpose: e.purpose, listUrl: deps.statusLists.urlOf(e.listId), index: e.index })),
    );
    const context = credential['@context'] as unknown[];
    if (version === 1 && !context.includes(STATUS_LIST_V1_CONTEXT)) context.push(STATUS_LIST_V1_CONTEXT);
    let signed: Record<string, unknown>;
    try {
      signed = await signCredential({
        credential,
        signer: issuer.signer,
        documentLoader: issuer.documentLoader,
        now: request.now,
      });
    } catch (error) {
      if (error instanceof InvalidCredentialError)
        throw new IssueRequestError(400, 'invalid_credential', error.message);
      // JSON-LD processing refused it: an undefined term (safe mode), an unknown context, a bad value.
      throw new IssueRequestError(
        422,
        'credential_not_signable',
        `the credential cannot be signed: ${(error as Error).message}`,
      );
    }
    await insertVcApiCredential(trx, {
      credentialId: handle,
      issuerDid: issuer.did,
      document: signed,
      issuedBy: request.actor,
    });
    await appendAudit(trx, {
      at: request.now,
      actor: request.actor,
      action: 'credential.issued',
      subject: handle,
      data: {
        via: 'vc-api',
        dataModel: version === 2 ? 'VC 2.0' : 'VC 1.1',
        verificationMethod: issuer.signer.id,
        status: entries.map((e) => ({ purpose: e.purpose, list: e.listId, index: e.index })),
      },
    });
    return signed;
  });
}
