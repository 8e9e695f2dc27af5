import { findBadge, findEvidenceOfEvents, findFramework, findStatusEntries } from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { standingOf, type BadgeStatus, type Standing } from './credential-standing.js';

export type { BadgeStatus } from './credential-standing.js';

/** Everything a badge page (and its image) shows: public facts only, no score, no e-mail. */
export interface BadgeView {
  uuid: string;
  document: Record<string, unknown>;
  recipientName: string;
  level: { key: string; label: string; index: number; count: number };
  framework: { id: string; version: string; title: string; url: string };
  statements: {
    code: string;
    text: string;
    url: string;
    demonstrations: { activityId: string; completedAt: Date }[];
  }[];
  issuer: {
    id: string;
    name: string;
    url?: string;
    email?: string;
    image?: string;
    /** Its human page here (/issuers/<slug>), when this service still knows the issuer. */
    page?: string;
    /** Its LinkedIn organization id, when configured (the default issuer only). */
    linkedInOrganizationId?: string;
  };
  awardedDate: Date | undefined;
  validFrom: Date;
  validUntil: Date | null;
  status: BadgeStatus;
  standing: Standing;
  urls: { page: string; verify: string; json: string; png: string; svg: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the badge of a stored credential; undefined when there is none. */
export async function loadBadgeView(runtime: Runtime, id: string, now: Date): Promise<BadgeView | undefined> {
  const uuid = id.replace(/^urn:uuid:/, '').toLowerCase();
  if (!UUID.test(uuid)) return undefined;
  const badge = await findBadge(runtime.db, uuid);
  if (badge === undefined) return undefined;
  const framework = await findFramework(runtime.db, badge.frameworkId, badge.version);
  const levelIndex = framework?.levels.findIndex((l) => l.key === badge.levelKey) ?? -1;
  const level = framework?.levels[levelIndex];
  if (framework === undefined || level === undefined) return undefined;
  const document = badge.credential.document;
  // The credential's own evidence (a renewed credential has its own), resolved to what each showed.
  const evidenceIds = (Array.isArray(document.evidence) ? (document.evidence as { id?: unknown }[]) : []).flatMap(
    (e) => (typeof e.id === 'string' ? [e.id.split('/').pop() ?? ''] : []),
  );
  const evidence = await findEvidenceOfEvents(
    runtime.db,
    evidenceIds.filter((e) => UUID.test(e)),
    framework.id,
    framework.version,
  );
  const validUntil = badge.credential.validUntil;
  const standing = standingOf(await findStatusEntries(runtime.db, `urn:uuid:${uuid}`), validUntil, now);
  const issuer = document.issuer as { id: string; name: string; url?: string; email?: string; image?: { id: string } };
  const owner = runtime.issuers.ownerOf(issuer.id);
  const linkedIn = owner?.slug === 'default' ? runtime.config.issuer.linkedInOrganizationId : undefined;
  const base = runtime.config.http.publicUrl;
  const publicUrl = (path: string) => `${base}${path}`;
  return {
    uuid,
    document,
    recipientName: badge.learnerName,
    level: { key: level.key, label: level.label, index: levelIndex, count: framework.levels.length },
    framework: {
      id: framework.id,
      version: framework.version,
      title: framework.title,
      url: publicUrl(`/frameworks/${framework.id}/${framework.version}`),
    },
    statements: level.statements.map((s) => ({
      code: s.code,
      text: s.text,
      url: publicUrl(`/frameworks/${framework.id}/${framework.version}/statements/${s.code}`),
      demonstrations: evidence
        .filter((e) => e.statementCodes.includes(s.code))
        .map((e) => ({ activityId: e.activityId, completedAt: e.completedAt })),
    })),
    issuer: {
      id: issuer.id,
      name: issuer.name,
      ...(issuer.url === undefined ? {} : { url: issuer.url }),
      ...(issuer.email === undefined ? {} : { email: issuer.email }),
      ...(issuer.image === undefined ? {} : { image: issuer.image.id }),
      ...(owner === undefined ? {} : { page: publicUrl(`/issuers/${owner.slug}`) }),
      ...(linkedIn === undefined ? {} : { linkedInOrganizationId: linkedIn }),
    },
    awardedDate: typeof document.awardedDate === 'string' ? new Date(document.awardedDate) : undefined,
    validFrom: badge.credential.validFrom,
    validUntil,
    status: standing.status,
    standing,
    urls: {
      page: publicUrl(`/badges/${uuid}`),
      verify: publicUrl(`/verify?id=${uuid}`),
      json: publicUrl(`/badges/${uuid}/credential.json`),
      png: publicUrl(`/badges/${uuid}/image.png`),
      svg: publicUrl(`/badges/${uuid}/image.svg`),
    },
  };
}
