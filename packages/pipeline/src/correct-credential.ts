import { signCredential } from '@attain/credentials';
import {
  allocateStatusEntries,
  appendAudit,
  findAttainmentForIssue,
  findFramework,
  lockAttainment,
  lockCredential,
  lockStatusEntries,
  saveCorrection,
  type Db,
} from '@attain/db';
import { stateOf, type IssuerRegistry } from '@attain/runtime';
import { levelCredentialFormat, levelCredentialInput } from './level-credential.js';

/** Why a correction was refused; `code` is what the API and CLI report. */
export class CorrectionError extends Error {
  constructor(
    readonly code:
      | 'credential-not-found'
      | 'credential-revoked'
      | 'credential-expired'
      | 'superseded-by-renewal'
      | 'reason-required'
      | 'no-signing-key',
    message: string,
  ) {
    super(message);
    this.name = 'CorrectionError';
  }
}

export interface Correction {
  credentialId: string;
  version: number;
  document: Record<string, unknown>;
}

/**
 * Re-issues a credential with corrected content, as Open Badges 3.0 asks: the same `id` and
 * issuer, a newer `validFrom`, the original `awardedDate`, `validUntil` and status entries. The
 * version it replaces is kept (credential_versions) and the correction is audited.
 */
export async function correctCredential(
  deps: {
    db: Db;
    issuers: IssuerRegistry;
    publicUrl: string;
    status: { listLength: number; suspension: boolean };
  },
  args: { credentialId: string; reason: string; actor: string; at: Date },
): Promise<Correction> {
  const reason = args.reason.trim();
  if (reason === '') throw new CorrectionError('reason-required', 'A reason is required for every correction.');
  const id = args.credentialId
    .trim()
    .replace(/^urn:uuid:/, '')
    .toLowerCase();
  return deps.db.transaction().execute(async (trx) => {
    const stored = await lockCredential(trx, id);
    if (stored === undefined) throw new CorrectionError('credential-not-found', `No credential ${id} exists.`);
    // Locked: a revocation or renewal committing meanwhile is seen, not overwritten.
    if (stateOf(await lockStatusEntries(trx, `urn:uuid:${id}`)) === 'revoked')
      throw new CorrectionError(
        'credential-revoked',
        `Credential ${id} is revoked; a revoked credential is not corrected.`,
      );
    if (stored.validUntil !== null && stored.validUntil <= args.at)
      throw new CorrectionError('credential-expired', `Credential ${id} has expired; it is renewed, not corrected.`);
    await lockAttainment(trx, stored.attainmentId);
    const attainment = await findAttainmentForIssue(trx, stored.attainmentId);
    if (attainment === undefined || attainment.round !== stored.round)
      throw new CorrectionError(
        'superseded-by-renewal',
        `Credential ${id} was renewed; correct the renewed credential.`,
      );
    const framework = await findFramework(trx, attainment.frameworkId, attainment.version);
    if (framework === undefined)
      throw new Error(`framework ${attainment.frameworkId} ${attainment.version} is missing`);
    // Same issuer as before, even if a did:key rotation has since changed the current DID.
    const owner = deps.issuers.ownerOf(stored.issuerDid);
    const signer = await deps.issuers.default.signerFor(stored.issuerDid);
    if (owner === undefined || signer === undefined)
      throw new CorrectionError(
        'no-signing-key',
        `No signing key of ${stored.issuerDid} is available to sign the correction.`,
      );
    const validFrom = new Date(
      Math.max(Math.floor(args.at.getTime() / 1000) * 1000, stored.validFrom.getTime() + 1000),
    );
    // A credential issued before status lists gets its entries now, and so becomes revocable.
    const entries = await allocateStatusEntries(trx, {
      credentialId: `urn:uuid:${id}`,
      issuerDid: stored.issuerDid,
      purposes: deps.status.suspension ? ['revocation', 'suspension'] : ['revocation'],
      listLength: deps.status.listLength,
    });
    const credential = levelCredentialFormat.build(
      levelCredentialInput({
        attainment,
        credentialId: id,
        framework,
        issuer: { ...owner.profile, id: stored.issuerDid },
        publicUrl: deps.publicUrl,
        validFrom,
        ...(stored.validUntil === null ? {} : { validUntil: stored.validUntil }),
        status: entries.map((e) => ({
          purpose: e.purpose,
          listUrl: `${deps.publicUrl}/status-lists/${e.listId}`,
          index: e.index,
        })),
      }),
      validFrom,
    );
    const document = await signCredential({
      credential,
      signer,
      documentLoader: owner.documentLoader,
      now: validFrom,
    });
    const version = await saveCorrection(trx, stored, {
      document,
      validFrom,
      verificationMethod: signer.id,
      reason,
      at: args.at,
    });
    await appendAudit(trx, {
      at: args.at,
      actor: args.actor,
      action: 'credential.corrected',
      subject: id,
      reason,
      data: {
        version,
        previousVersion: stored.version,
        verificationMethod: signer.id,
      },
    });
    return { credentialId: `urn:uuid:${id}`, version, document };
  });
}
