import type { LevelCredentialInput } from './level-credential.input.js';
import type { StatusEntryRef } from './status-list.js';

// Test data only: seeded random level-credential inputs, with strings chosen to break escaping and templating.

/** A small seeded PRNG (mulberry32): the same seed gives the same credentials on every run. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** Strings that stress N-Quads escaping, Unicode handling and anything that might read a value as syntax. */
export const AWKWARD_TEXTS: readonly string[] = [
  '',
  ' ',
  '🎓🏅 Badge',
  'e\u0301te\u0301 (combining acute)',
  'مرحبا بالعالم',
  '\u202Egnp.exe',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐐷 astral',
  '"double" quotes',
  "single 'quotes'",
  'back\\slash \\" \\\\',
  'line one\nline two',
  'crlf\r\nend',
  'tab\there',
  'nul\u0000and\u0001\u0008\u000b\u000c\u001f\u007f controls',
  'line\u2028para\u2029sep',
  '\ufeffbom',
  'lone \ud800 surrogate',
  '_:b0',
  '_:c14n0',
  'xsd:string',
  'ext:FrameworkStatement',
  'urn:x',
  '@id',
  '@context',
  'https://example.org/looks-like-an-iri',
  '<https://example.org/angle>',
  '"quoted"^^<http://www.w3.org/2001/XMLSchema#string>',
  '{"@value":"json"}',
  'urn:x-attain-slot:0000:1',
  '    leading and trailing    ',
];

/** IRIs the contexts do not rewrite, and some they do or that no processor accepts (relative, spaces, blank nodes). */
const GOOD_IRIS: readonly ((random: SeededRandom) => string)[] = [
  (r) => `https://attain.example/${r.int(1000)}/${word(r)}`,
  (r) => `urn:uuid:${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`,
  (r) => `did:web:${word(r)}.example`,
  (r) => `http://example.org/path?query=${r.int(99)}&x=y#frag`,
  (r) => `tag:attain.example,2026:${word(r)}`,
  () => 'urn:x',
  () => 'HTTPS://EXAMPLE.ORG/UPPER',
  (r) => `https://example.org/it's/(${r.int(9)})`,
  (r) => `mailto:${word(r)}@example.org`,
];
const AWKWARD_IRIS: readonly string[] = [
  '_:b0',
  'xsd:string',
  'ext:Thing',
  'relative/path',
  'https://example.org/with space',
  'https://example.org/ünïcödé',
  'https://example.org/<angle>',
  'urn:x-attain-slot:0000:1',
  'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  'http://www.w3.org/2001/XMLSchema#string',
];

function hex(r: SeededRandom, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'.charAt(r.int(16));
  return out;
}

function word(r: SeededRandom): string {
  return r.pick(['alpha', 'beta', 'gamma', 'delta', 'ledger', 'client', 'risk', 'audit', 'trade', 'x']);
}

export function randomText(r: SeededRandom): string {
  const roll = r.next();
  if (roll < 0.55) return Array.from({ length: 1 + r.int(8) }, () => word(r)).join(' ');
  if (roll < 0.9) return r.pick(AWKWARD_TEXTS);
  if (roll < 0.997) return `${r.pick(AWKWARD_TEXTS)}${word(r)}${r.pick(AWKWARD_TEXTS)}`;
  return `${word(r)} `.repeat(2000); // 10,000+ characters
}

export function randomIri(r: SeededRandom, awkwardness = 0.05): string {
  return r.chance(awkwardness) ? r.pick(AWKWARD_IRIS) : r.pick(GOOD_IRIS)(r);
}

function randomDate(r: SeededRandom): Date {
  // Whole seconds between 2000 and 2040; sometimes with milliseconds (the builder drops them).
  const seconds = 946_684_800 + r.int(1_262_304_000);
  return new Date(seconds * 1000 + (r.chance(0.2) ? r.int(1000) : 0));
}

/**
 * What decides a credential's shape: counts and which optional parts are present. The differential
 * test draws most credentials from a small pool of structures, so that templates are reused across
 * many credentials with different values, as in production.
 */
export interface CredentialStructure {
  levels: number;
  statements: number;
  repeatStatement: boolean;
  /** One entry per evidence item: whether it has a narrative. */
  evidence: boolean[];
  statuses: 0 | 1 | 2;
  issuerUrl: boolean;
  issuerEmail: boolean;
  issuerImage: boolean;
  image: 'none' | 'plain' | 'caption';
  description: boolean;
  account: boolean;
  validUntil: boolean;
  awardedDate: boolean;
  resultDescriptionBase: boolean;
}

export function randomStructure(r: SeededRandom): CredentialStructure {
  return {
    levels: 1 + r.int(6),
    statements: r.int(13),
    repeatStatement: r.chance(0.1),
    evidence: Array.from({ length: r.int(5) }, () => r.chance(0.5)),
    statuses: r.pick([0, 0, 1, 1, 2] as const),
    issuerUrl: r.chance(0.7),
    issuerEmail: r.chance(0.5),
    issuerImage: r.chance(0.5),
    image: r.pick(['none', 'none', 'plain', 'caption'] as const),
    description: r.chance(0.3),
    account: r.chance(0.2),
    validUntil: r.chance(0.5),
    awardedDate: r.chance(0.6),
    resultDescriptionBase: r.chance(0.1),
  };
}

/** A level credential input of the given structure, with random (often awkward, sometimes repeated) values. */
export function randomLevelCredentialInput(
  r: SeededRandom,
  issuerId: string,
  structure: CredentialStructure = randomStructure(r),
): LevelCredentialInput {
  const keyPool = ['emerging', 'developing', 'proficient', 'expert', 'master', 'lvl-6', 'ü-level', 'with space'];
  const keys = new Set<string>();
  while (keys.size < structure.levels) keys.add(r.chance(0.97) ? r.pick(keyPool.slice(0, 6)) : r.pick(keyPool));
  const levels = [...keys].map((key) => ({ key, label: randomText(r) }));
  const level = r.pick(levels);
  const statements = Array.from({ length: structure.statements }, (_, i) => ({
    code: r.chance(0.8) ? `${level.key}-${i + 1}` : randomText(r),
    text: randomText(r),
    url: randomIri(r),
  }));
  // The same statement twice: identical alignments are indistinguishable blank nodes.
  const repeated = statements[0];
  if (repeated !== undefined && structure.repeatStatement) statements.push({ ...repeated });
  const evidence: LevelCredentialInput['evidence'] = [];
  for (const hasNarrative of structure.evidence) {
    const previous = evidence[r.int(evidence.length)];
    // Repeated evidence ids: JSON-LD merges the two nodes into one.
    const id = previous !== undefined && r.chance(0.25) ? previous.id : randomIri(r);
    const name = previous !== undefined && r.chance(0.3) ? previous.name : randomText(r);
    evidence.push({ id, name, ...(hasNarrative && { narrative: randomText(r) }) });
  }
  const status: StatusEntryRef[] = [];
  for (let i = 0; i < structure.statuses; i++) {
    status.push({ purpose: i === 0 ? 'revocation' : 'suspension', listUrl: randomIri(r, 0.02), index: r.int(131072) });
  }
  const validFrom = randomDate(r);
  return {
    id: randomIri(r, 0.02),
    issuer: {
      id: issuerId,
      name: randomText(r),
      ...(structure.issuerUrl && { url: randomIri(r) }),
      ...(structure.issuerEmail && { email: r.chance(0.8) ? `${word(r)}@example.org` : randomText(r) }),
      ...(structure.issuerImage && { image: randomIri(r) }),
    },
    framework: { id: randomText(r), title: randomText(r), version: randomText(r), url: randomIri(r) },
    level: {
      key: level.key,
      label: level.label,
      achievementId: randomIri(r),
      ...(structure.description && { description: randomText(r) }),
      statements,
    },
    levels,
    recipient: structure.account
      ? { identityType: 'accountId', identity: randomText(r), salt: randomText(r) }
      : { email: r.chance(0.8) ? `${word(r)}@example.org` : randomText(r), salt: hex(r, 16) },
    evidence,
    ...(structure.image !== 'none' && {
      image: { id: randomIri(r), ...(structure.image === 'caption' && { caption: randomText(r) }) },
    }),
    ...(status.length > 0 && { status }),
    validFrom,
    ...(structure.validUntil && { validUntil: new Date(validFrom.getTime() + r.int(5 * 365 * 86_400) * 1000) }),
    ...(structure.awardedDate && { awardedDate: randomDate(r) }),
    ...(structure.resultDescriptionBase && { resultDescriptionBaseUrl: randomIri(r) }),
  };
}
