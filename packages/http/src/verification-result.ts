import { verifyCredential, type VerificationReport } from '@attain/credentials';
import { findBadgeHolder, findStatusEntries } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import type { Static } from '@sinclair/typebox';
import { localStatusListLoader } from './routes/status-list.route.js';
import { issuerDids } from './routes/vc-api.route.js';
import type { VerifyResponseSchema } from './schemas.js';
import type { VerificationGuard } from './verification-guard.js';
import { summarise } from './web/credential-summary.js';

/** What POST /credentials/verify and POST /verify/check answer (see VerifyResponseSchema). */
export type VerificationResult = Static<typeof VerifyResponseSchema>;
type State = VerificationResult['state'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies a credential for a public caller (limits, stock path off the event loop) and composes
 * the result people and machines read. Throws an HttpError for a refused document.
 */
export async function verifyForResult(
  runtime: Runtime,
  guard: VerificationGuard,
  args: { credential: unknown; source: string; now: Date },
): Promise<VerificationResult> {
  const { credential, now } = args;
  return guard.run(async () => {
    const report = await verifyCredential({
      credential,
      documentLoader: runtime.issuer.documentLoader,
      now,
      trustedIssuers: await issuerDids(runtime),
      loadStatusList: localStatusListLoader(runtime),
      stockVerifier: guard.stockVerifier,
    });
    return composeResult(runtime, { credential, report, source: args.source, now });
  });
}

/**
 * The one place a verification report becomes the published result. Claims (dates, issuer
 * profile, recipient, badge, summary) appear only when the signature verified: a forgery's content
 * is never repeated as fact. The issuer's profile only for an issuer of this service, the recipient's
 * name and the status record only for a credential this service stored.
 */
export async function composeResult(
  runtime: Runtime,
  args: { credential: unknown; report: VerificationReport; source: string; now: Date },
): Promise<VerificationResult> {
  const { report, now } = args;
  const document = isRecord(args.credential) ? args.credential : {};
  const checks = report.checks.map((check) => ({
    check: check.check,
    ok: check.ok,
    outcome: check.outcome ?? (check.ok ? 'passed' : 'failed'),
    message: check.message,
  }));
  const passed = (name: string): boolean => checks.some((c) => c.check === name && c.outcome === 'passed');
  const genuine = passed('structure') && passed('signature');
  const base: VerificationResult = {
    verified: report.verified,
    verifiedAt: now.toISOString(),
    state: genuine ? stateOf(report, document, now) : 'invalid',
    checks,
    ...(report.credentialId === undefined ? {} : { credentialId: report.credentialId }),
    ...(report.issuer === undefined ? {} : { issuer: report.issuer }),
    ...(report.status === undefined ? {} : { status: report.status }),
  };
  if (!genuine) return base;

  const v1 =
    Array.isArray(document['@context']) && document['@context'][0] === 'https://www.w3.org/2018/credentials/v1';
  const validFrom = text(v1 ? document.issuanceDate : document.validFrom);
  const validUntil = text(v1 ? document.expirationDate : document.validUntil);
  const owner = report.issuer !== undefined && passed('issuer') ? runtime.issuers.ownerOf(report.issuer) : undefined;
  const issuerProfile =
    owner === undefined
      ? undefined
      : {
          id: report.issuer ?? owner.did,
          name: owner.profile.name,
          url: owner.profile.url,
          ...(owner.profile.image === undefined ? {} : { image: owner.profile.image }),
          page: `/issuers/${owner.slug}`,
          recognised: true as const,
        };
  const uuid = report.credentialId?.replace(/^urn:uuid:/, '').toLowerCase();
  // Only a badge of one of our issuers is looked up: nobody else's id can name our learners, and
  // credentials signed through the VC-API have no learner.
  const types: unknown[] = Array.isArray(document.type) ? document.type : [document.type];
  const badge = types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
  const stored =
    owner !== undefined && badge && uuid !== undefined && UUID.test(uuid)
      ? await findBadgeHolder(runtime.db, uuid)
      : undefined;
  const identity = identityOf(document);
  const statusDetail =
    stored !== undefined && (report.status === 'revoked' || report.status === 'suspended')
      ? await statusDetailOf(runtime, report.credentialId ?? '', report.status)
      : undefined;
  const summary = summarise(document);
  return {
    ...base,
    ...(statusDetail === undefined ? {} : { statusDetail }),
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validUntil === undefined ? {} : { validUntil }),
    ...(issuerProfile === undefined ? {} : { issuerProfile }),
    ...((stored !== undefined || identity !== undefined) && {
      recipient: {
        ...(stored === undefined ? {} : { name: stored.learnerName }),
        ...(identity === undefined ? {} : { identity }),
      },
    }),
    ...(stored !== undefined && {
      badge: {
        page: `/badges/${stored.credentialId}`,
        image: `/badges/${stored.credentialId}/image.png`,
        level: stored.levelLabel,
      },
    }),
    ...(summary !== undefined && {
      // The issuer's name is ours to state only for our issuers; anyone else's is shown as its DID.
      summary: { ...summary, issuer: issuerProfile?.name ?? report.issuer ?? 'an unnamed issuer', source: args.source },
    }),
  };
}

/** One verdict from the checks of a genuine credential: revoked outranks suspended outranks the dates. */
function stateOf(report: VerificationReport, document: Record<string, unknown>, now: Date): State {
  const outcome = (name: string) => report.checks.find((c) => c.check === name);
  if (outcome('issuer')?.ok !== true) return 'invalid';
  if (report.status === 'revoked') return 'revoked';
  if (report.status === 'suspended') return 'suspended';
  if (outcome('status')?.ok !== true) return 'invalid';
  if (outcome('validity')?.ok === true) return 'valid';
  const from = Date.parse(text(document.validFrom) ?? text(document.issuanceDate) ?? '');
  const until = Date.parse(text(document.validUntil) ?? text(document.expirationDate) ?? '');
  if (!Number.isNaN(from) && now.getTime() < from) return 'not-yet-valid';
  if (!Number.isNaN(until) && now.getTime() >= until) return 'expired';
  return 'invalid';
}

/** When and why this service revoked or suspended the credential, from its own records. */
async function statusDetailOf(
  runtime: Runtime,
  credentialId: string,
  status: 'revoked' | 'suspended',
): Promise<{ since: string; reason?: string } | undefined> {
  const purpose = status === 'revoked' ? 'revocation' : 'suspension';
  const entry = (await findStatusEntries(runtime.db, credentialId)).find((e) => e.purpose === purpose && e.isSet);
  if (entry?.changedAt === null || entry === undefined) return undefined;
  return {
    since: entry.changedAt.toISOString(),
    ...(entry.reason === null || entry.reason === '' ? {} : { reason: entry.reason }),
  };
}

/** The recipient's identity as the credential states it (OB 3.0 IdentityObject), for an e-mail check. */
function identityOf(document: Record<string, unknown>): NonNullable<VerificationResult['recipient']>['identity'] {
  const subject = document.credentialSubject;
  const identifiers: unknown = isRecord(subject) ? subject.identifier : undefined;
  const first: unknown = Array.isArray(identifiers) ? identifiers[0] : identifiers;
  if (!isRecord(first)) return undefined;
  const identityType = text(first.identityType);
  const identityHash = text(first.identityHash);
  if (identityType === undefined || identityHash === undefined || typeof first.hashed !== 'boolean') return undefined;
  const salt = text(first.salt);
  return { identityType, hashed: first.hashed, identityHash, ...(salt === undefined ? {} : { salt }) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
