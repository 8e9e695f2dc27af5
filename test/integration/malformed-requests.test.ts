import {
  buildLevelCredential,
  createEd25519Signer,
  didKeyIdentifiers,
  generateEd25519Key,
  signCredential,
} from '@attain/credentials';
import { CLIENT_HEADER, SIGNATURE_HEADER, signIngestBody, TIMESTAMP_HEADER } from '@attain/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

// Thousands of generated malformed requests against every endpoint: each must be refused with a 4xx
// problem+json (a verification report for a credential that does not verify), none may cause a 5xx,
// and nothing may be stored. The generator is seeded, so every run sends the same requests.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;
type Path = readonly string[];

type Endpoint =
  | 'POST /v1/assessment-results'
  | 'POST /xapi/statements'
  | 'PUT /xapi/statements'
  | 'POST /credentials/verify'
  | 'GET /credentials/:id'
  | 'GET /frameworks/...'
  | 'GET /evidence/:id'
  | 'unknown route';

interface Attack {
  endpoint: Endpoint;
  category: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** The JSON Pointer the answer must name, when the body reaches validation with one wrong field. */
  field?: string;
  /** The one status this request must get, where only one is right. */
  status?: number;
}

/** Categories whose requests must all get one status. */
const EXPECTED_STATUS: Record<string, number> = {
  'wrong content type': 415,
  'oversized body': 413,
  'batch too large': 413,
  'id stored with other content': 409,
  'malformed or wrong Authorization': 401,
  'missing or unsupported X-Experience-API-Version': 400,
};

/** mulberry32: small, fast and seeded. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const hex = (length: number): string => Array.from({ length }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  return { next, int, pick, hex, uuid, chance: (p: number): boolean => next() < p };
}
type Rng = ReturnType<typeof seeded>;

/** Text that does not compress: random code points from ASCII letters, CJK and emoji. */
function filler(rng: Rng, length: number, only?: 'ascii' | 'cjk'): string {
  const ranges: [number, number][] =
    only === 'ascii'
      ? [[0x61, 0x7a]]
      : only === 'cjk'
        ? [[0x4e00, 0x9fff]]
        : [
            [0x61, 0x7a],
            [0x4e00, 0x9fff],
            [0x1f300, 0x1f5ff],
          ];
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const [low, high] = rng.pick(ranges);
    text += String.fromCodePoint(rng.int(low, high));
  }
  return text;
}

/** A JSON body being built; `raw` texts replace their markers verbatim (what JSON.stringify cannot write). */
class Body {
  private readonly raw: string[] = [];
  constructor(public value: Json) {}

  rawValue(text: string): string {
    this.raw.push(text);
    return `@@raw-${this.raw.length - 1}@@`;
  }

  text(): string {
    let text = JSON.stringify(this.value);
    this.raw.forEach((raw, i) => {
      text = text.replace(`"@@raw-${i}@@"`, () => raw);
    });
    return text;
  }
}

const pointer = (path: Path): string =>
  path.map((key) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
const kindOf = (value: Json | undefined): string =>
  value === undefined ? 'undefined' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
const isObject = (value: Json | undefined): value is JsonObject => kindOf(value) === 'object';

function getAt(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

/** Sets a value (creating objects on the way); defineProperty, so that even `__proto__` is an own key. */
function setAt(root: Json, path: Path, value: Json): void {
  let node = root as JsonObject;
  for (const key of path.slice(0, -1)) {
    const inner = node[key];
    node = isObject(inner) ? inner : (node[key] = {});
  }
  Object.defineProperty(node, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

function deleteAt(root: Json, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  if (isObject(parent)) Reflect.deleteProperty(parent, path[path.length - 1]!);
}

interface FieldSpec {
  path: Path;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  required?: boolean;
  /** An object that allows no other properties. */
  closed?: boolean;
  maxLength?: number;
  /** Wraps filler text into an otherwise well-formed value (an e-mail, an IRI). */
  shape?: (text: string) => string;
  /** Values of the right type that are still wrong. */
  wrong?: Json[];
  /** JSON texts of the right type that are still wrong. */
  rawWrong?: string[];
  /** Names a learner: without it the learner is unknown. */
  identity?: boolean;
}

const BAD_DATES = [
  '',
  '2026-11-20T10:00:00',
  '2026-11-20',
  '2026-02-30T10:00:00Z',
  '2026-11-20T25:00:00Z',
  '2026-13-01T00:00:00Z',
  '20261120T100000Z',
  'yesterday',
  '1763600000',
  '2026-11-20T10:00:00+25:00',
];
const HUGE_NUMBERS = ['1e400', '-1e400', '1e309', '-2e999'];

const INGEST_FIELDS: FieldSpec[] = [
  { path: [], type: 'object', closed: true },
  { path: ['eventId'], type: 'string', required: true, maxLength: 256, wrong: [''] },
  { path: ['learner'], type: 'object', required: true, closed: true },
  { path: ['learner', 'id'], type: 'string', required: true, maxLength: 256, wrong: [''] },
  {
    path: ['learner', 'email'],
    type: 'string',
    required: true,
    maxLength: 320,
    shape: (text) => `${text}@brokerage.example`,
    wrong: ['', 'not-an-email', 'agent@', '@brokerage.example', 'a b@brokerage.example', 'a@b@brokerage.example'],
  },
  { path: ['learner', 'name'], type: 'string', required: true, maxLength: 256, wrong: [''] },
  {
    path: ['activityId'],
    type: 'string',
    required: true,
    maxLength: 2048,
    // Short enough in characters, too long in bytes for the index.
    wrong: ['', '漢'.repeat(700)],
  },
  { path: ['score'], type: 'object', closed: true, wrong: [{}] },
  {
    path: ['score', 'scaled'],
    type: 'number',
    wrong: [-0.0001, 1.0000001, 2, -1, 1e308, -1e308, -5e-324, 1.7976931348623157e308],
    rawWrong: [...HUGE_NUMBERS, '123456789012345678901234567890'],
  },
  { path: ['score', 'raw'], type: 'number', rawWrong: HUGE_NUMBERS },
  { path: ['score', 'min'], type: 'number', rawWrong: HUGE_NUMBERS },
  { path: ['score', 'max'], type: 'number', rawWrong: HUGE_NUMBERS },
  { path: ['passed'], type: 'boolean' },
  {
    path: ['completedAt'],
    type: 'string',
    required: true,
    wrong: [...BAD_DATES, '2099-01-01T00:00:00Z', '2026-06-30T23:59:60Z'],
  },
];

const iri = (text: string): string => `https://lms.test/${text}`;
// Few enough characters for the schema, too many bytes for an index entry (and not compressible).
const LONG_IN_BYTES = iri(filler(seeded(3), 1000, 'cjk'));
const XAPI_FIELDS: FieldSpec[] = [
  { path: [], type: 'object', closed: true },
  {
    path: ['id'],
    type: 'string',
    wrong: [
      '',
      'not-a-uuid',
      '0'.repeat(32),
      'g0000000-0000-4000-8000-000000000000',
      '{00000000-0000-4000-8000-000000000000}',
    ],
  },
  { path: ['actor'], type: 'object', required: true, closed: true },
  { path: ['actor', 'objectType'], type: 'string', wrong: ['Group', 'agent', 'Person', ''] },
  { path: ['actor', 'name'], type: 'string', maxLength: 256 },
  {
    path: ['actor', 'mbox'],
    type: 'string',
    identity: true,
    maxLength: 327,
    shape: (text) => `mailto:${text}@brokerage.example`,
    wrong: ['agent@brokerage.example', 'mailto:', 'mailto:no-at-sign', 'mailto:a@b@c.example', 'mailto:a b@c.example'],
  },
  {
    path: ['actor', 'mbox_sha1sum'],
    type: 'string',
    identity: true,
    wrong: ['abc', 'z'.repeat(40), '0'.repeat(39), '0'.repeat(41)],
  },
  {
    path: ['actor', 'openid'],
    type: 'string',
    identity: true,
    maxLength: 2048,
    shape: iri,
    wrong: ['', 'no-scheme', '1http://x.example', '://x.example', LONG_IN_BYTES],
  },
  { path: ['actor', 'account'], type: 'object', identity: true, closed: true },
  {
    path: ['actor', 'account', 'homePage'],
    type: 'string',
    required: true,
    maxLength: 2048,
    shape: iri,
    wrong: ['', 'lms.brokerage.example', LONG_IN_BYTES],
  },
  { path: ['actor', 'account', 'name'], type: 'string', required: true, maxLength: 256, wrong: [''] },
  { path: ['verb'], type: 'object', required: true, closed: true },
  {
    path: ['verb', 'id'],
    type: 'string',
    required: true,
    maxLength: 2048,
    shape: iri,
    wrong: ['', 'passed', 'not an iri'],
  },
  { path: ['verb', 'display'], type: 'object', wrong: [{ 'en-US': 1 }, { 'en-US': null }, { 'en-US': ['passed'] }] },
  { path: ['object'], type: 'object', required: true, closed: true },
  { path: ['object', 'objectType'], type: 'string', wrong: ['Agent', 'SubStatement', 'activity', ''] },
  {
    path: ['object', 'id'],
    type: 'string',
    required: true,
    maxLength: 2048,
    shape: iri,
    wrong: ['', 'no-scheme', LONG_IN_BYTES],
  },
  { path: ['object', 'definition'], type: 'object' },
  { path: ['result'], type: 'object', closed: true },
  { path: ['result', 'score'], type: 'object', closed: true },
  {
    path: ['result', 'score', 'scaled'],
    type: 'number',
    wrong: [-1.0001, 1.0001, 2, -2, 1e308, -1e308],
    rawWrong: HUGE_NUMBERS,
  },
  { path: ['result', 'score', 'raw'], type: 'number', rawWrong: HUGE_NUMBERS },
  { path: ['result', 'score', 'min'], type: 'number', rawWrong: HUGE_NUMBERS },
  { path: ['result', 'score', 'max'], type: 'number', rawWrong: HUGE_NUMBERS },
  { path: ['result', 'success'], type: 'boolean' },
  { path: ['result', 'completion'], type: 'boolean' },
  { path: ['result', 'response'], type: 'string' },
  { path: ['result', 'duration'], type: 'string' },
  { path: ['result', 'extensions'], type: 'object' },
  { path: ['context'], type: 'object' },
  { path: ['timestamp'], type: 'string', wrong: [...BAD_DATES, '2026-06-30T23:59:60Z'] },
  { path: ['stored'], type: 'string', wrong: BAD_DATES },
  { path: ['authority'], type: 'object' },
  { path: ['version'], type: 'string', wrong: ['1.1.0', '2.0.0', '1.0.x', '', '0.95', '1.0.3.1'] },
  { path: ['attachments'], type: 'array' },
];

const JUNK: Json[] = [null, true, false, 0, -1, 3.5, 'text', '', [], [1, 'a'], {}, { a: 1 }];
const NAN_LIKE = ['NaN', 'Infinity', '-Infinity', '1e3', '0x10', '', ' 1', 'null', '½'];
const VALID_UNICODE = [
  '🙂',
  'e\u0301',
  'שלום',
  '\u2028',
  '\ufeff',
  '\uffff',
  '\u{10ffff}',
  '👩\u200d💻',
  '漢字',
  'Ω≈ç√',
];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', 'a\ud83d'];

interface Mutated {
  category: string;
  field?: Path;
}

/**
 * Makes one field of a valid body certainly wrong. Returns what was done and where the answer must
 * point, or undefined when the operation does not apply to this body.
 */
type Operation = (rng: Rng, body: Body, fields: readonly FieldSpec[]) => Mutated | undefined;

const present = (body: Body, fields: readonly FieldSpec[], test: (f: FieldSpec) => boolean): FieldSpec[] =>
  fields.filter((f) => f.path.length > 0 && test(f) && getAt(body.value, f.path) !== undefined);

function insertAt(rng: Rng, text: string, inserted: string): string {
  const at = rng.int(0, text.length);
  // Never split a surrogate pair of the text itself.
  const safe = at > 0 && at < text.length && /[\ud800-\udbff]/.test(text.charAt(at - 1)) ? at + 1 : at;
  return `${text.slice(0, safe)}${inserted}${text.slice(safe)}`;
}

const OPERATIONS: Record<string, Operation> = {
  'missing field': (rng, body, fields) => {
    const candidates = present(body, fields, (f) => f.required === true || f.identity === true);
    if (candidates.length === 0) return undefined;
    const f = rng.pick(candidates);
    // Without its only identifier the actor names no learner: refused for the statement as a whole.
    const identities = present(body, fields, (g) => g.identity === true && g.path.length === 2);
    if (f.identity === true && identities.length !== 1) return undefined;
    deleteAt(body.value, f.path);
    if (f.identity === true) return { category: 'unknown learner', field: ['actor'] };
    return { category: 'missing field', field: f.path };
  },
  'unknown property': (rng, body, fields) => {
    const candidates = fields.filter(
      (g) => g.closed === true && (g.path.length === 0 || getAt(body.value, g.path) !== undefined),
    );
    const f = rng.pick(candidates);
    const target = f.path.length === 0 ? body.value : getAt(body.value, f.path);
    if (!isObject(target)) return undefined;
    const key = rng.pick(['grade', 'Id', 'extra', 'EVENTID', 'score ', '', 'constructor', '__proto__', 'a\u0000b']);
    let value = rng.pick(JUNK);
    // The JSON parser refuses these outright, before any field is looked at.
    const refusedByParser = key === '__proto__' || (key === 'constructor' && rng.chance(0.5));
    if (key === 'constructor' && refusedByParser) value = { prototype: { polluted: true } };
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    if (key === 'a\u0000b') return { category: 'U+0000', field: f.path };
    return refusedByParser ? { category: 'prototype key' } : { category: 'unknown property', field: [...f.path, key] };
  },
  'wrong type': (rng, body, fields) => {
    const f = rng.pick(fields.filter((g) => g.path.length > 0));
    setAt(body.value, f.path, rng.pick(JUNK.filter((v) => kindOf(v) !== f.type)));
    return { category: 'wrong type', field: f.path };
  },
  'NaN-like string': (rng, body, fields) => {
    const f = rng.pick(fields.filter((g) => g.type === 'number'));
    setAt(body.value, f.path, rng.pick(NAN_LIKE));
    return { category: 'NaN-like string', field: f.path };
  },
  'huge number': (rng, body, fields) => {
    const f = rng.pick(fields.filter((g) => g.rawWrong !== undefined));
    setAt(body.value, f.path, body.rawValue(rng.pick(f.rawWrong ?? [])));
    return { category: 'huge number', field: f.path };
  },
  'wrong value': (rng, body, fields) => {
    const f = rng.pick(fields.filter((g) => g.wrong !== undefined));
    const value = rng.pick(f.wrong ?? []);
    setAt(body.value, f.path, value);
    const score = f.path.includes('score') && typeof value === 'number';
    return { category: score ? 'score out of range' : 'wrong value', field: f.path };
  },
  'too long': (rng, body, fields) => {
    const f = rng.pick(fields.filter((g) => g.maxLength !== undefined));
    const length = (f.maxLength ?? 0) + rng.pick([1, 10, 1000, 20_000]);
    const shape = f.shape ?? ((text: string) => text);
    // Letters only where a format is checked, so that only the length is wrong.
    setAt(body.value, f.path, shape(filler(rng, length, f.shape === undefined ? undefined : 'ascii')));
    return { category: 'very long string', field: f.path };
  },
  'lone surrogate': (rng, body, fields) => {
    const candidates = present(body, fields, (f) => f.type === 'string');
    if (candidates.length === 0) return undefined;
    const f = rng.pick(candidates);
    setAt(body.value, f.path, insertAt(rng, getAt(body.value, f.path) as string, rng.pick(LONE_SURROGATES)));
    return { category: 'lone surrogate', field: f.path };
  },
  'U+0000': (rng, body, fields) => {
    const candidates = present(body, fields, (f) => f.type === 'string');
    if (candidates.length === 0) return undefined;
    const f = rng.pick(candidates);
    setAt(body.value, f.path, insertAt(rng, getAt(body.value, f.path) as string, '\u0000'));
    return { category: 'U+0000', field: f.path };
  },
  'deeply nested': (rng, body, fields) => {
    const f = rng.pick(fields.filter((g) => g.path.length > 0));
    const depth = rng.pick([65, 101, 500, 2_000, 10_000, 50_000, 200_000]);
    const text = rng.chance(0.5)
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    setAt(body.value, f.path, body.rawValue(text));
    return { category: 'deeply nested', field: f.path };
  },
  'array for object': (rng, body, fields) => {
    const candidates = present(body, fields, (f) => f.type === 'object');
    if (candidates.length === 0) return undefined;
    const f = rng.pick(candidates);
    const value = getAt(body.value, f.path) as Json;
    setAt(body.value, f.path, rng.pick([[], [value], [value, value]]));
    return { category: 'array where an object belongs', field: f.path };
  },
};

/** A valid native result: each mutation below makes it certainly invalid. */
function ingestResult(rng: Rng, n: number): JsonObject {
  const result: JsonObject = {
    eventId: `fuzz-${n}`,
    learner: { id: `u-${n % 40}`, email: `fuzz${n % 40}@brokerage.example`, name: 'Fuzz Learner' },
    activityId: `https://lms.test/activities/emerging-${rng.int(1, 10)}`,
    completedAt: `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}T10:00:00Z`,
  };
  const shape = rng.int(0, 2);
  if (shape === 0) result.score = { scaled: Math.round(rng.next() * 100) / 100 };
  if (shape === 1) result.score = { raw: 42, min: 10, max: 50 };
  if (shape === 2 || rng.chance(0.3)) result.passed = rng.chance(0.5);
  return result;
}

const PASSED_VERB = { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } };

function xapiStatement(rng: Rng, n: number, id?: string): JsonObject {
  const actor = rng.pick<JsonObject>([
    { objectType: 'Agent', name: 'Fuzz Agent', mbox: `mailto:fuzz-${n % 40}@brokerage.example` },
    { account: { homePage: 'https://lms.brokerage.example', name: `u-${n % 40}` } },
    { openid: `https://id.brokerage.example/u/${n % 40}` },
    { name: 'Hashed', mbox_sha1sum: rng.hex(40) },
  ]);
  const statement: JsonObject = {
    actor,
    verb: structuredClone(PASSED_VERB),
    object: rng.chance(0.85)
      ? { objectType: 'Activity', id: `https://lms.test/activities/emerging-${rng.int(1, 10)}` }
      : { objectType: 'StatementRef', id: rng.uuid() },
  };
  const result = rng.int(0, 3);
  if (result === 0) statement.result = { score: { scaled: 0.9 }, success: true, completion: true };
  if (result === 1) statement.result = { score: { raw: 42, min: 10, max: 50 }, response: 'B' };
  if (result === 2) statement.result = { success: rng.chance(0.5) };
  if (rng.chance(0.5)) statement.timestamp = `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}T10:00:00.000Z`;
  if (rng.chance(0.2)) statement.context = { platform: 'Moodle', extensions: { 'https://lms.test/x': 1 } };
  if (id !== undefined) statement.id = id;
  return statement;
}

/** Invalid JSON texts made from a valid one. */
function breakJson(rng: Rng, text: string): { category: string; text: string } {
  // A number right after a key (not the digits of a date-time inside a string).
  const firstNumber = /":(-?\d[\d.eE+-]*)/;
  const variants: [string, () => string][] = [
    ['truncated JSON', () => text.slice(0, rng.int(1, text.length - 1))],
    ['trailing comma', () => `${text.slice(0, -1)},${text.slice(-1)}`],
    ['single quotes', () => text.replaceAll('"', "'")],
    ['unquoted key', () => text.replace(/"([A-Za-z]+)":/, '$1:')],
    ['comment in JSON', () => rng.pick([`/* c */${text}`, `${text}// c`])],
    [
      'non-JSON number',
      () =>
        firstNumber.test(text)
          ? text.replace(
              firstNumber,
              `":${rng.pick(['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '+1', '.5', '01'])}`,
            )
          : `${text.slice(0, -1)},"n":NaN}`,
    ],
    ['control character in a string', () => text.replace('"', `"${rng.pick(['\t', '\n', '\u0001', '\u001f'])}`)],
    ['invalid escape', () => text.replace('"', `"${rng.pick(['\\x41', '\\u12G4', '\\a', '\\\u00e9', '\\U0041'])}`)],
    ['garbage after JSON', () => `${text}${rng.pick(['x', '{}', ']', text, ' 1'])}`],
    ['BOM and truncated JSON', () => `\ufeff${text.slice(0, -1)}`],
    ['garbage before JSON', () => `${rng.pick([")]}'\n", 'x', '\u0000', '<'])}${text}`],
    ['not JSON at all', () => rng.pick(['{{{', 'undefined', 'NaN', "'text'", '<xml/>', 'a=b&c=d', '   \n '])],
  ];
  const [category, make] = rng.pick(variants);
  return { category, text: make() };
}

const BAD_BYTES = [
  [0xff],
  [0xfe],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3],
  [0x80],
  [0xe9],
  [0xf0, 0x9f, 0x99],
];

function breakBytes(rng: Rng, text: string): Buffer {
  const bytes = Buffer.from(text);
  const at = rng.int(0, bytes.length);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(rng.pick(BAD_BYTES)), bytes.subarray(at)]);
}

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'multipart/form-data; boundary=----fuzz',
  'application/x-www-form-urlencoded',
  'application/xml',
  'text/json',
  'application/jsonx',
  'application/json-patch+json',
  'application/javascript',
  'application/octet-stream',
  'image/png',
  'json',
  '*/*',
  '',
];

function wrongContentType(rng: Rng, text: string): { contentType: string; payload: string } {
  const contentType = rng.pick(WRONG_CONTENT_TYPES);
  if (contentType.startsWith('multipart/')) {
    const part = `------fuzz\r\nContent-Disposition: form-data; name="body"\r\n\r\n${text}\r\n------fuzz--\r\n`;
    return { contentType, payload: part };
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    return { contentType, payload: `body=${encodeURIComponent(text)}` };
  }
  return { contentType, payload: text };
}

const OVERSIZED = 5 * 1024 * 1024 + 1024;

/** Path segments for GET routes: unknown ids, odd encodings, very long ones. */
function segment(rng: Rng): string {
  return rng.pick<() => string>([
    () => rng.uuid(),
    () => `urn:uuid:${rng.uuid()}`,
    () => rng.hex(rng.int(1, 40)),
    () => encodeURIComponent(filler(rng, rng.int(1, 30))),
    () => encodeURIComponent(rng.pick(VALID_UNICODE)),
    () => rng.pick(['%ED%A0%80', '%C3%28', '%FF', '%zz', '%', '%E2%82', '%C0%AF', '%F4%90%80%80']),
    () => 'x'.repeat(rng.int(1000, 20_000)),
    () => rng.pick(['..', '%2e%2e', '%2F', '.', '~', '%20', '+', '%2500']),
    () => encodeURIComponent(rng.pick(["' or 1=1 --", '"; drop table learners; --', '<script>', '${x}', '{{x}}'])),
    () => rng.pick(['%00', `a%00b`, '%00%00']),
    () => encodeURIComponent(`00000000-0000-4000-8000-${rng.hex(12)}`.toUpperCase()),
  ])();
}

describe('bad input: thousands of malformed requests', () => {
  let system: TestSystem;
  let client: TestClient;
  let other: TestClient;
  let credential: JsonObject;
  let storedStatementId: string;
  let acceptedRequest: { headers: Record<string, string>; payload: string };

  const TABLES = [
    'assessment_events',
    'learners',
    'xapi_statements',
    'outbox',
    'evidence',
    'credentials',
    'ingest_signatures',
  ] as const;
  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await system.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    client = await system.createClient('fuzzed LMS');
    other = await system.createClient('another LMS');
    // Something stored already: conflicts and duplicates have something to collide with.
    const payload = JSON.stringify(ingestResult(seeded(7), 0));
    acceptedRequest = { headers: signedHeaders(payload), payload };
    const accepted = await system.app.inject({ method: 'POST', url: '/v1/assessment-results', ...acceptedRequest });
    expect(accepted.statusCode).toBe(202);
    storedStatementId = '6a0e5f8e-1c2d-4b3a-9f8e-7d6c5b4a3f2e';
    const stored = await system.app.inject({
      method: 'PUT',
      url: `/xapi/statements?statementId=${storedStatementId}`,
      headers: xapiHeaders(),
      payload: xapiStatement(seeded(7), 0),
    });
    expect(stored.statusCode).toBe(204);

    // A credential validly signed by a key this deployment does not know: it can never verify.
    const key = await generateEd25519Key();
    const { did, verificationMethodId } = didKeyIdentifiers(key.publicKeyMultibase);
    const base = 'http://attain.test/frameworks/41-3031.00/v.26.05';
    credential = (await signCredential({
      credential: buildLevelCredential({
        id: 'urn:uuid:6f1c7a52-3b8e-4d21-9a57-0c2e8f4b9d13',
        issuer: { id: did, name: 'Someone Else' },
        framework: { id: '41-3031.00', title: 'Agents', version: 'v.26.05', url: base },
        level: {
          key: 'emerging',
          label: 'Emerging',
          achievementId: `${base}/levels/emerging`,
          statements: [{ code: 'emerging-1', text: 'Knows things.', url: `${base}/statements/emerging-1` }],
        },
        levels: [{ key: 'emerging', label: 'Emerging' }],
        recipient: { email: 'learner@brokerage.example', salt: '3f9c1a7e5b2d4c68' },
        evidence: [{ id: 'http://attain.test/evidence/1', name: 'Quiz' }],
        validFrom: new Date('2026-05-01T09:30:00Z'),
      }),
      signer: createEd25519Signer(key, verificationMethodId),
      documentLoader: system.runtime.issuer.documentLoader,
    })) as JsonObject;
  });
  afterAll(async () => {
    await system.close();
  });

  const basic = (key: string, secret: string): string => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  function xapiHeaders(): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-experience-api-version': '1.0.3',
      authorization: basic(client.xapiKey!, client.xapiSecret!),
    };
  }

  function signedHeaders(payload: string | Buffer, contentType = 'application/json'): Record<string, string> {
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      ...(contentType === '' ? {} : { 'content-type': contentType }),
      [CLIENT_HEADER]: client.id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signIngestBody(client.secret, timestamp, payload),
    };
  }

  /** Wraps a mutated item into a batch of valid ones, when the endpoint takes batches. */
  function maybeBatch(rng: Rng, body: Body, mutated: Mutated, valid: () => JsonObject): Mutated {
    if (!rng.chance(0.3)) return mutated;
    const size = rng.int(2, 5);
    const index = rng.int(0, size - 1);
    body.value = Array.from({ length: size }, (_, i) => (i === index ? body.value : valid()));
    return { ...mutated, ...(mutated.field === undefined ? {} : { field: [String(index), ...mutated.field] }) };
  }

  /** One field-level mutation of a valid body, optionally over valid unicode in another field. */
  function mutate(rng: Rng, body: Body, fields: readonly FieldSpec[]): Mutated {
    let unicode = '';
    if (rng.chance(0.1)) {
      const names = present(body, fields, (f) => f.path[f.path.length - 1] === 'name' || f.path[0] === 'eventId');
      if (names.length > 0) {
        const f = rng.pick(names);
        setAt(body.value, f.path, `${rng.pick(VALID_UNICODE)}${rng.pick(VALID_UNICODE)}`);
        unicode = 'valid unicode + ';
      }
    }
    const operations = Object.values(OPERATIONS);
    for (;;) {
      const mutated = rng.pick(operations)(rng, body, fields);
      if (mutated !== undefined) return { ...mutated, category: `${unicode}${mutated.category}` };
    }
  }

  function generate(): Attack[] {
    const rng = seeded(20261125);
    const attacks: Attack[] = [];
    let n = 1;
    const add = (attack: Attack): void => {
      const status = attack.status ?? EXPECTED_STATUS[attack.category];
      attacks.push(status === undefined ? attack : { ...attack, status });
    };
    const withField = (mutated: Mutated): { field?: string } =>
      mutated.field === undefined ? {} : { field: pointer(mutated.field) };

    // POST /v1/assessment-results, correctly signed: only the body is wrong.
    const ingest = (category: string, payload: string | Buffer, extra: Partial<Attack> = {}): void => {
      add({
        endpoint: 'POST /v1/assessment-results',
        category,
        method: 'POST',
        url: '/v1/assessment-results',
        headers: signedHeaders(payload),
        payload,
        ...extra,
      });
    };
    for (let i = 0; i < 700; i += 1) {
      const body = new Body(ingestResult(rng, (n += 1)));
      const mutated = maybeBatch(rng, body, mutate(rng, body, INGEST_FIELDS), () => ingestResult(rng, (n += 1)));
      ingest(mutated.category, body.text(), withField(mutated));
    }
    const scoreCases: [string, JsonObject, string][] = [
      ['raw without min and max', { raw: 3 }, '/score'],
      ['raw with min only', { raw: 3, min: 0 }, '/score'],
      ['min not below max', { raw: 5, min: 10, max: 10 }, '/score/min'],
      ['min above max', { raw: 5, min: 10, max: 1 }, '/score/min'],
      ['raw above max', { raw: 60, min: 0, max: 50 }, '/score/raw'],
      ['raw below min', { raw: -1, min: 0, max: 50 }, '/score/raw'],
      ['a range that overflows', { raw: 1e308, min: -1e308, max: 1e308 }, '/score'],
    ];
    for (let i = 0; i < 70; i += 1) {
      const [name, score, field] = rng.pick(scoreCases);
      ingest(`score out of range: ${name}`, JSON.stringify({ ...ingestResult(rng, (n += 1)), score }), { field });
    }
    for (let i = 0; i < 10; i += 1) {
      // Well-formed for the schema (a leap second), yet no instant a Date can hold.
      const leap = rng.pick(['2026-06-30T23:59:60Z', '2025-12-31T23:59:60+00:00', '2026-06-30T22:59:60-01:00']);
      ingest('time that names no instant', JSON.stringify({ ...ingestResult(rng, (n += 1)), completedAt: leap }), {
        field: '/completedAt',
      });
    }
    for (let i = 0; i < 10; i += 1) {
      const { score: _score, passed: _passed, ...bare } = ingestResult(rng, (n += 1));
      ingest('neither score nor passed', JSON.stringify(bare), { field: '' });
    }
    for (let i = 0; i < 40; i += 1) {
      const shape = rng.pick<Json>([null, 0, -1, 'text', true, false, [], [[ingestResult(rng, (n += 1))]], ['x'], {}]);
      ingest('body of the wrong shape', JSON.stringify(shape));
    }
    for (let i = 0; i < 120; i += 1) {
      const broken = breakJson(rng, JSON.stringify(ingestResult(rng, (n += 1))));
      ingest(broken.category, broken.text);
    }
    for (let i = 0; i < 10; i += 1) ingest('empty body', '');
    for (let i = 0; i < 80; i += 1)
      ingest('non-UTF-8 bytes', breakBytes(rng, JSON.stringify(ingestResult(rng, (n += 1)))));
    for (let i = 0; i < 60; i += 1) {
      const { contentType, payload } = wrongContentType(rng, JSON.stringify(ingestResult(rng, (n += 1))));
      ingest(`wrong content type`, payload, { headers: signedHeaders(payload, contentType) });
    }
    for (let i = 0; i < 40; i += 1) {
      const body = new Body(ingestResult(rng, (n += 1)));
      const text = body.text();
      const key = rng.pick(['eventId', 'learner', 'activityId', 'completedAt']);
      const value = rng.pick(JUNK.filter((v) => kindOf(v) !== kindOf(getAt(body.value, [key]))));
      ingest(
        'duplicate key, the last one wrong',
        `${text.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`,
        {
          field: `/${key}`,
        },
      );
    }
    const batchLimit = system.runtime.config.ingest.maxBatch;
    ingest(
      'batch too large',
      JSON.stringify(Array.from({ length: batchLimit + 1 }, () => ingestResult(rng, (n += 1)))),
    );
    ingest('batch too large, every result empty', JSON.stringify(Array.from({ length: batchLimit + 1 }, () => ({}))));
    ingest('oversized body', JSON.stringify({ ...ingestResult(rng, (n += 1)), eventId: 'x'.repeat(OVERSIZED) }));
    // The very request accepted before, sent again inside its timestamp window.
    for (let i = 0; i < 20; i += 1) {
      ingest('replayed: the same signed request again', acceptedRequest.payload, {
        headers: acceptedRequest.headers,
        status: 409,
      });
    }

    // POST /v1/assessment-results with a valid (or malformed) body and wrong credentials.
    for (let i = 0; i < 450; i += 1) {
      const body = new Body(ingestResult(rng, (n += 1)));
      // Refused for its credentials (401), unless the body is not even JSON that could be stored.
      const wellFormed = !rng.chance(0.3);
      if (!wellFormed) mutate(rng, body, INGEST_FIELDS);
      const payload = body.text();
      const now = Math.floor(Date.now() / 1000);
      const headers = signedHeaders(payload);
      let category: string;
      switch (rng.int(0, 5)) {
        case 0: {
          category = 'missing signature header';
          const header = rng.pick([CLIENT_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER]);
          if (rng.chance(0.5)) Reflect.deleteProperty(headers, header);
          else headers[header] = '';
          break;
        }
        case 1:
          category = 'unknown client';
          headers[CLIENT_HEADER] = rng.pick([
            rng.uuid(),
            'not-a-uuid',
            `${client.id}0`,
            client.id.slice(1),
            'x'.repeat(5000),
            "' or 1=1 --",
            '00000000-0000-0000-0000-000000000000',
          ]);
          break;
        case 2:
          category = 'forged signature';
          headers[SIGNATURE_HEADER] = rng.pick([
            `v1=${rng.hex(64)}`,
            `v1=${rng.hex(63)}`,
            `v1=${rng.hex(128)}`,
            signIngestBody(client.secret, now, `${payload} `),
            signIngestBody(other.secret, now, payload),
            signIngestBody(client.secret, now - 1, payload),
            (headers[SIGNATURE_HEADER] ?? '').toUpperCase(),
            (headers[SIGNATURE_HEADER] ?? '').replace('v1=', 'v2='),
            (headers[SIGNATURE_HEADER] ?? '').slice(3),
            `${headers[SIGNATURE_HEADER] ?? ''}00`,
            'v1=',
            'sha256=abc',
          ]);
          break;
        case 3: {
          category = 'replayed: stale or future timestamp';
          const timestamp = now + rng.pick([-1, 1]) * rng.int(301, 10_000_000);
          headers[TIMESTAMP_HEADER] = String(timestamp);
          headers[SIGNATURE_HEADER] = signIngestBody(client.secret, timestamp, payload);
          break;
        }
        case 4:
          category = 'malformed timestamp';
          headers[TIMESTAMP_HEADER] = rng.pick([
            `${now}.5`,
            '-1',
            'abc',
            new Date().toISOString(),
            String(now * 1000),
            '999999999999',
            '0',
            `${now}e0`,
            `0x${now.toString(16)}`,
          ]);
          break;
        default:
          category = 'signed for another client';
          headers[CLIENT_HEADER] = other.id;
      }
      add({
        endpoint: 'POST /v1/assessment-results',
        category,
        method: 'POST',
        url: '/v1/assessment-results',
        headers,
        payload,
        ...(wellFormed ? { status: 401 } : {}),
      });
    }

    // POST and PUT /xapi/statements with valid credentials and malformed statements.
    const xapi = (
      endpoint: Endpoint,
      category: string,
      payload: string | Buffer,
      extra: Partial<Attack> = {},
    ): void => {
      const put = endpoint === 'PUT /xapi/statements';
      add({
        endpoint,
        category,
        method: put ? 'PUT' : 'POST',
        url: put ? `/xapi/statements?statementId=${rng.uuid()}` : '/xapi/statements',
        headers: xapiHeaders(),
        payload,
        ...extra,
      });
    };
    for (let i = 0; i < 650; i += 1) {
      const put = i % 3 === 2;
      const endpoint: Endpoint = put ? 'PUT /xapi/statements' : 'POST /xapi/statements';
      const id = rng.uuid();
      const bodyId = put ? (rng.chance(0.5) ? id : undefined) : rng.chance(0.3) ? rng.uuid() : undefined;
      const body = new Body(xapiStatement(rng, (n += 1), bodyId));
      let mutated = mutate(rng, body, XAPI_FIELDS);
      if (!put) mutated = maybeBatch(rng, body, mutated, () => xapiStatement(rng, (n += 1)));
      xapi(endpoint, mutated.category, body.text(), {
        ...withField(mutated),
        ...(put ? { url: `/xapi/statements?statementId=${id}` } : {}),
      });
    }
    for (let i = 0; i < 60; i += 1) {
      const put = rng.chance(0.4);
      const endpoint: Endpoint = put ? 'PUT /xapi/statements' : 'POST /xapi/statements';
      const statement = xapiStatement(rng, (n += 1));
      // About an activity (an assessment event) or about another statement (kept as a statement only).
      statement.object = rng.chance(0.7)
        ? { objectType: 'Activity', id: 'https://lms.test/activities/emerging-1' }
        : { objectType: 'StatementRef', id: rng.uuid() };
      const cases: [string, JsonObject][] = [
        ['raw above max', { raw: 60, min: 0, max: 50 }],
        ['raw below min', { raw: -1, min: 0, max: 50 }],
        ['min not below max', { raw: 5, min: 5, max: 5 }],
        ['min above max, no raw', { min: 10, max: 0 }],
        ['min above max, with scaled', { scaled: 0.5, min: 10, max: 0 }],
        ['raw below its only bound', { raw: -1, min: 0 }],
        ['raw above its only bound', { raw: 51, max: 50 }],
      ];
      const [name, score] = rng.pick(cases);
      statement.result = { score };
      xapi(endpoint, `score out of range: ${name}`, JSON.stringify(statement), { field: '/result/score' });
    }
    for (let i = 0; i < 40; i += 1) {
      const put = rng.chance(0.4);
      const endpoint: Endpoint = put ? 'PUT /xapi/statements' : 'POST /xapi/statements';
      const statement = xapiStatement(rng, (n += 1));
      const variant = rng.int(0, 3);
      let category = 'unknown learner';
      let field = '/actor';
      if (variant === 0) statement.actor = { name: 'Nobody' };
      if (variant === 1) statement.actor = {};
      if (variant === 2)
        statement.actor = { objectType: 'Agent', mbox: 'mailto:a@brokerage.example', openid: 'https://id.example/a' };
      if (variant === 3) {
        category = 'voiding statement without a StatementRef';
        statement.verb = { id: 'http://adlnet.gov/expapi/verbs/voided' };
        statement.object = { objectType: 'Activity', id: 'https://lms.test/activities/emerging-1' };
        field = '/object';
      }
      xapi(endpoint, category, JSON.stringify(statement), { field });
    }
    for (let i = 0; i < 20; i += 1) {
      const put = rng.chance(0.4);
      const statement = xapiStatement(rng, (n += 1));
      const field = rng.pick(['timestamp', 'stored']);
      statement[field] = rng.pick(['2026-06-30T23:59:60Z', '2025-12-31T23:59:60+00:00', '2026-06-30T22:59:60-01:00']);
      xapi(
        put ? 'PUT /xapi/statements' : 'POST /xapi/statements',
        'time that names no instant',
        JSON.stringify(statement),
        {
          field: `/${field}`,
        },
      );
    }
    for (let i = 0; i < 30; i += 1) {
      const put = rng.chance(0.5);
      const statement = xapiStatement(rng, (n += 1));
      statement.result = { success: false, response: rng.hex(8) };
      const payload = JSON.stringify(put ? statement : { ...statement, id: storedStatementId });
      xapi(put ? 'PUT /xapi/statements' : 'POST /xapi/statements', 'id stored with other content', payload, {
        ...(put ? { url: `/xapi/statements?statementId=${storedStatementId}` } : {}),
      });
    }
    for (let i = 0; i < 20; i += 1) {
      const id = rng.uuid();
      const batch = [xapiStatement(rng, (n += 1), id), xapiStatement(rng, (n += 1), id)];
      xapi('POST /xapi/statements', 'one id twice in a batch', JSON.stringify(batch), { field: '' });
    }
    for (let i = 0; i < 60; i += 1) {
      const id = rng.uuid();
      const statement = JSON.stringify(xapiStatement(rng, (n += 1), rng.chance(0.5) ? rng.uuid() : undefined));
      const [category, query] = rng.pick<[string, string]>([
        ['statementId missing', ''],
        ['statementId empty', '?statementId='],
        [
          'statementId not a uuid',
          `?statementId=${rng.pick(['x', id.replaceAll('-', ''), `${id}x`, '%00', '%ED%A0%80'])}`,
        ],
        ['statementId twice', `?statementId=${id}&statementId=${rng.uuid()}`],
        ['statement id differs from statementId', `?statementId=${id}`],
        ['batch on PUT', `?statementId=${id}`],
      ]);
      let payload = statement;
      if (category === 'statement id differs from statementId') {
        payload = JSON.stringify({ ...(JSON.parse(statement) as JsonObject), id: rng.uuid() });
      }
      if (category === 'batch on PUT') payload = `[${statement}]`;
      xapi('PUT /xapi/statements', category, payload, { url: `/xapi/statements${query}` });
    }
    for (let i = 0; i < 140; i += 1) {
      const put = rng.chance(0.4);
      const endpoint: Endpoint = put ? 'PUT /xapi/statements' : 'POST /xapi/statements';
      const text = JSON.stringify(xapiStatement(rng, (n += 1)));
      switch (rng.int(0, 4)) {
        case 0: {
          const broken = breakJson(rng, text);
          xapi(endpoint, broken.category, broken.text);
          break;
        }
        case 1:
          xapi(endpoint, 'empty body', '');
          break;
        case 2:
          xapi(endpoint, 'non-UTF-8 bytes', breakBytes(rng, text));
          break;
        case 3: {
          const { contentType, payload } = wrongContentType(rng, text);
          const headers = xapiHeaders();
          if (contentType === '') Reflect.deleteProperty(headers, 'content-type');
          else headers['content-type'] = contentType;
          xapi(endpoint, 'wrong content type', payload, { headers });
          break;
        }
        default:
          xapi(
            endpoint,
            'body of the wrong shape',
            JSON.stringify(rng.pick<Json>([null, 0, 'text', true, [], [[]], ['x'], {}])),
          );
      }
    }
    xapi(
      'POST /xapi/statements',
      'oversized body',
      JSON.stringify({ ...xapiStatement(rng, 0), context: { x: 'x'.repeat(OVERSIZED) } }),
    );
    xapi(
      'PUT /xapi/statements',
      'oversized body',
      JSON.stringify({ ...xapiStatement(rng, 0), context: { x: 'x'.repeat(OVERSIZED) } }),
    );

    // xAPI with valid (or malformed) statements and wrong credentials or version headers.
    for (let i = 0; i < 300; i += 1) {
      const put = rng.chance(0.4);
      const endpoint: Endpoint = put ? 'PUT /xapi/statements' : 'POST /xapi/statements';
      const body = new Body(xapiStatement(rng, (n += 1)));
      if (rng.chance(0.3)) mutate(rng, body, XAPI_FIELDS);
      const headers = xapiHeaders();
      let category: string;
      if (rng.chance(0.35)) {
        category = 'missing or unsupported X-Experience-API-Version';
        const version = rng.pick([
          '',
          '1.1.0',
          '2.0.0',
          '0.95',
          '1.0.3.1',
          '1.0.x',
          'v1.0.3',
          '1.0.3, 1.0.2',
          '1',
          '1.03',
          'x',
        ]);
        if (version === '' && rng.chance(0.5)) Reflect.deleteProperty(headers, 'x-experience-api-version');
        else headers['x-experience-api-version'] = version;
      } else {
        category = 'malformed or wrong Authorization';
        const key = client.xapiKey!;
        const secret = client.xapiSecret!;
        const authorization = rng.pick([
          '',
          `Bearer ${secret}`,
          'Basic',
          'Basic ',
          'Basic !!!!',
          `Basic ${Buffer.from(key).toString('base64')}`,
          basic(key, 'not-the-secret'),
          basic(key, `${secret}x`),
          basic(key, ''),
          basic(`${key}x`, secret),
          basic('', ''),
          basic(rng.hex(32), rng.hex(32)),
          basic(`${key}\u0000`, secret),
          basic(`\u0000${rng.hex(8)}`, secret),
          basic(`${key}\ud800`, secret),
          `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc3, 0x28]).toString('base64')}`,
          `Basic ${'QUFB'.repeat(5000)}`,
          `${basic(key, secret)} extra`,
          `Basic ${Buffer.from(`${key}:${secret}`).toString('base64url')}x`,
          basic(other.xapiKey!, secret),
          basic(key, other.xapiSecret!),
        ]);
        if (authorization === '' && rng.chance(0.5)) Reflect.deleteProperty(headers, 'authorization');
        else headers.authorization = authorization;
      }
      xapi(endpoint, category, body.text(), { headers });
    }

    // POST /credentials/verify: the credential is never one of ours, so never 200.
    const verify = (category: string, payload: string | Buffer, extra: Partial<Attack> = {}): void => {
      add({
        endpoint: 'POST /credentials/verify',
        category,
        method: 'POST',
        url: '/credentials/verify',
        headers: { 'content-type': 'application/json' },
        payload,
        ...extra,
      });
    };
    const credentialPaths: Path[] = [];
    const walk = (value: Json, path: Path): void => {
      if (path.length > 0) credentialPaths.push(path);
      if (isObject(value)) for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
      if (Array.isArray(value)) {
        value.forEach((inner, i) => {
          walk(inner, [...path, String(i)]);
        });
      }
    };
    walk(credential, []);
    for (let i = 0; i < 260; i += 1) {
      const copy = structuredClone(credential);
      const body = new Body({ verifiableCredential: copy });
      const path = ['verifiableCredential', ...rng.pick(credentialPaths)];
      let category: string;
      let field: string | undefined;
      let depth = 0;
      switch (rng.int(0, 7)) {
        case 0:
          category = 'credential: field removed';
          deleteAt(body.value, path);
          break;
        case 1:
          category = 'credential: field of the wrong type';
          setAt(body.value, path, rng.pick(JUNK));
          break;
        case 2:
          category = 'credential: untouched, signed by a stranger';
          break;
        case 3:
          category = 'credential: lone surrogate';
          setAt(body.value, path, `x${rng.pick(LONE_SURROGATES)}`);
          field = pointer(path);
          break;
        case 4:
          category = 'credential: U+0000';
          setAt(body.value, path, 'x\u0000');
          field = pointer(path);
          break;
        case 5:
          category = 'credential: deeply nested';
          depth = rng.pick([65, 101, 1000, 50_000]);
          setAt(body.value, path, body.rawValue(`${'['.repeat(depth)}${']'.repeat(depth)}`));
          break;
        case 6: {
          category = 'body: wrong shape';
          const shape = rng.pick<Json>([
            null,
            [],
            'text',
            1,
            {},
            { credential: copy },
            { verifiableCredential: copy, options: 'x' },
          ]);
          body.value = shape;
          break;
        }
        default:
          category = 'credential: odd but valid strings';
          setAt(body.value, path, `${rng.pick(VALID_UNICODE)}${filler(rng, rng.int(1, 3000))}`);
      }
      verify(category, body.text(), field === undefined ? {} : { field });
    }
    for (let i = 0; i < 50; i += 1) {
      const text = JSON.stringify({ verifiableCredential: credential });
      const variant = rng.int(0, 3);
      if (variant === 0) {
        const broken = breakJson(rng, text);
        verify(broken.category, broken.text);
      } else if (variant === 1) verify('non-UTF-8 bytes', breakBytes(rng, text));
      else if (variant === 2) verify('empty body', '');
      else {
        const { contentType, payload } = wrongContentType(rng, text);
        verify('wrong content type', payload, { headers: contentType === '' ? {} : { 'content-type': contentType } });
      }
    }
    verify('oversized body', JSON.stringify({ verifiableCredential: { ...credential, name: 'x'.repeat(OVERSIZED) } }));

    // The GET routes, with ids nobody has.
    const framework = system.framework;
    for (let i = 0; i < 160; i += 1) {
      const query = rng.chance(0.2) ? `?${segment(rng)}=${segment(rng)}` : '';
      add({
        endpoint: 'GET /credentials/:id',
        category: 'unknown or malformed id',
        method: 'GET',
        url: `/credentials/${segment(rng)}${query}`,
        headers: {},
      });
    }
    for (let i = 0; i < 160; i += 1) {
      const [id, version] = rng.chance(0.5) ? [framework.id, framework.version] : [segment(rng), segment(rng)];
      const url = rng.pick([
        `/frameworks/${segment(rng)}/${segment(rng)}`,
        `/frameworks/${encodeURIComponent(framework.id)}/${segment(rng)}`,
        `/frameworks/${encodeURIComponent(id)}/${encodeURIComponent(version)}/levels/${segment(rng)}`,
        `/frameworks/${encodeURIComponent(id)}/${encodeURIComponent(version)}/statements/${segment(rng)}`,
        `/frameworks/${segment(rng)}/${segment(rng)}/levels/${segment(rng)}`,
      ]);
      add({
        endpoint: 'GET /frameworks/...',
        category: 'unknown framework, level or statement',
        method: 'GET',
        url,
        headers: {},
      });
    }
    for (let i = 0; i < 110; i += 1) {
      add({
        endpoint: 'GET /evidence/:id',
        category: 'unknown or malformed id',
        method: 'GET',
        url: `/evidence/${segment(rng)}`,
        headers: {},
      });
    }

    // Routes that do not exist, and methods a route does not take.
    for (let i = 0; i < 160; i += 1) {
      const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const);
      const known = ['/v1/assessment-results', '/xapi/statements', '/credentials/verify', '/xapi/about', '/frameworks'];
      const wrongMethod: Record<string, readonly Attack['method'][]> = {
        '/v1/assessment-results': ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
        '/xapi/statements': ['GET', 'DELETE', 'PATCH', 'OPTIONS'],
        '/credentials/verify': ['PUT', 'DELETE', 'PATCH', 'OPTIONS'],
        '/xapi/about': ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
        '/frameworks': ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      };
      let url: string;
      let chosen: Attack['method'] = method;
      if (rng.chance(0.3)) {
        url = rng.pick(known);
        chosen = rng.pick(wrongMethod[url]!);
      } else {
        const prefix = rng.pick([
          '',
          '/v1',
          '/v2',
          '/xapi',
          '/credentials/x',
          '/frameworks/a/b/c',
          '/evidence/x',
          '/docs/nope',
          '/health',
        ]);
        url = `${prefix}/${Array.from({ length: rng.int(1, 3) }, () => segment(rng)).join('/')}`;
      }
      const payload =
        chosen === 'GET' || chosen === 'OPTIONS' || rng.chance(0.5)
          ? undefined
          : JSON.stringify(ingestResult(rng, (n += 1)));
      add({
        endpoint: 'unknown route',
        category: 'no such route or method',
        method: chosen,
        url,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { payload }),
      });
    }
    add({
      endpoint: 'unknown route',
      category: 'oversized body',
      method: 'POST',
      url: '/v1/nothing-here',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'x'.repeat(OVERSIZED) }),
    });
    return attacks;
  }

  /** The request, readable: long runs of one character are counted, not repeated. */
  function show(attack: Attack, index: number): string {
    const text =
      attack.payload === undefined
        ? ''
        : typeof attack.payload === 'string'
          ? attack.payload
          : `bytes as latin1: ${attack.payload.toString('latin1')}`;
    const compact = (s: string): string =>
      s.replace(/(.)\1{15,}/gsu, (run: string, c: string) => `${c}…×${run.length / c.length}…`);
    const cut = (s: string, max: number): string => {
      const short = compact(s);
      return short.length <= max ? short : `${short.slice(0, max - 500)}…(${short.length} chars)…${short.slice(-500)}`;
    };
    const headers = Object.fromEntries(Object.entries(attack.headers).map(([k, v]) => [k, cut(v, 200)]));
    return `#${index} ${attack.endpoint} [${attack.category}] ${attack.method} ${cut(attack.url, 300)} ${JSON.stringify(headers)} ${JSON.stringify(cut(text, 4000))}`;
  }

  /** What is wrong with the answer to a request that is certainly invalid; undefined when it is right. */
  function judge(attack: Attack, status: number, contentType: string, body: string): string | undefined {
    if (status >= 500) return `${status} server error: ${body.slice(0, 300)}`;
    if (status < 400) return `${status}: an invalid request was accepted: ${body.slice(0, 300)}`;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return `${status} with a body that is not JSON: ${body.slice(0, 200)}`;
    }
    if (attack.status !== undefined && status !== attack.status) {
      return `${status}, not ${attack.status}: ${body.slice(0, 300)}`;
    }
    if (attack.field !== undefined && status !== 400)
      return `${status}, not 400 naming ${JSON.stringify(attack.field)}`;
    if (attack.endpoint === 'POST /credentials/verify' && status === 422) {
      return json.verified === false && Array.isArray(json.checks)
        ? undefined
        : `422 that is not a failed report: ${body.slice(0, 300)}`;
    }
    if (!contentType.startsWith('application/problem+json')) return `${status} as ${contentType}, not problem+json`;
    const code = json.code;
    if (
      json.status !== status ||
      typeof code !== 'string' ||
      code === '' ||
      json.type !== `urn:attain:problem:${code}`
    ) {
      return `${status} with a malformed problem: ${body.slice(0, 300)}`;
    }
    const errors = json.errors as { pointer: unknown; detail: unknown }[] | undefined;
    if (
      errors !== undefined &&
      !(Array.isArray(errors) && errors.every((e) => typeof e.pointer === 'string' && typeof e.detail === 'string'))
    ) {
      return `${status} with malformed errors: ${body.slice(0, 300)}`;
    }
    if ((code === 'invalid_request' || code === 'invalid_result') && (errors === undefined || errors.length === 0)) {
      return `${status} ${code} names no field`;
    }
    if (attack.field !== undefined) {
      const field = attack.field;
      const named = (errors ?? []).some(
        (e) =>
          typeof e.pointer === 'string' &&
          (e.pointer === field ||
            e.pointer.startsWith(`${field}/`) ||
            (e.pointer !== '' && field.startsWith(`${e.pointer}/`))),
      );
      if (!named) return `${status} does not name ${JSON.stringify(field)}: ${body.slice(0, 400)}`;
    }
    return undefined;
  }

  it('refuses every one with a 4xx problem, never a 5xx, and stores nothing', async () => {
    const attacks = generate();
    const before = await rowCounts();
    const failures: string[] = [];
    const batchSize = 32;
    for (let i = 0; i < attacks.length; i += batchSize) {
      await Promise.all(
        attacks.slice(i, i + batchSize).map(async (attack, j) => {
          const response = await system.app.inject({
            method: attack.method,
            url: attack.url,
            headers: attack.headers,
            ...(attack.payload === undefined ? {} : { payload: attack.payload }),
          });
          const problem = judge(
            attack,
            response.statusCode,
            String(response.headers['content-type'] ?? ''),
            response.body,
          );
          if (problem !== undefined) failures.push(`${problem}\n    for ${show(attack, i + j)}`);
        }),
      );
    }
    expect(attacks.length).toBeGreaterThanOrEqual(3000);
    expect(failures.slice(0, 20), `${failures.length} of ${attacks.length} requests were answered wrongly`).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 60_000);
});
