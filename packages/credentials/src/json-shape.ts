/**
 * The shape of a JSON-LD document: everything JSON-LD → RDF depends on except most string values.
 *
 * Expansion looks at keys, nesting, array lengths, `@context` and `type` values (they select
 * contexts and term definitions) and at native numbers, booleans and nulls; a string value mostly
 * passes through to one RDF term. So the shape keeps all of those as constants and replaces every
 * other string (a "slot") by `?`. Whether a slot really passes through unchanged is not assumed
 * here: rdf-template.ts checks it on the RDF of each shape.
 */
export interface JsonShape {
  /** A string that is equal for two documents exactly when they have the same shape. */
  key: string;
  /** The slot strings, in the order the key meets them. */
  values: string[];
}

/** A value a shape cannot stand for (undefined, NaN, a Date…): such documents take the general path. */
export class NotTemplatableError extends Error {
  override name = 'NotTemplatableError';
}

/** Under these keys every value is a constant of the shape: they change which contexts and terms apply. */
function isConstantKey(key: string): boolean {
  return key === 'type' || (key.startsWith('@') && key !== '@id' && key !== '@value');
}

// Deeper than any credential; a cyclic document is refused here instead of overflowing the stack.
const MAX_DEPTH = 256;

/** What JSON.parse makes. (Not null-prototype objects: jsonld.js may call Object.prototype methods on them.) */
function isPlainObject(value: object): value is Record<string, unknown> {
  return Object.getPrototypeOf(value) === Object.prototype;
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new NotTemplatableError(`${value} is not a JSON number`);
  return Object.is(value, -0) ? '-0' : String(value);
}

function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new NotTemplatableError(`nested deeper than ${MAX_DEPTH} levels`);
}

/** Strict JSON encoding of a constant subtree: anything JSON.stringify would drop or coerce is refused. */
function encodeConstant(value: unknown, depth: number): string {
  checkDepth(depth);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + encodeConstant(value[i], depth + 1);
    return out + ']';
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    let out = '{';
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw new NotTemplatableError('a "__proto__" key');
      out += `${JSON.stringify(key)}:${encodeConstant(value[key], depth + 1)},`;
    }
    return out + '}';
  }
  throw new NotTemplatableError(`a ${typeof value} is not a JSON value`);
}

/** The shape of `document`; throws NotTemplatableError for values that are not plain JSON. */
export function shapeOf(document: unknown): JsonShape {
  const values: string[] = [];
  const walk = (value: unknown, depth: number): string => {
    checkDepth(depth);
    if (typeof value === 'string') {
      values.push(value);
      return '?';
    }
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + walk(value[i], depth + 1);
      return out + ']';
    }
    if (typeof value === 'object' && value !== null && isPlainObject(value)) {
      let out = '{';
      for (const key of Object.keys(value)) {
        // An own "__proto__" key (JSON.parse makes one) would become a prototype when copied.
        if (key === '__proto__') throw new NotTemplatableError('a "__proto__" key');
        const child = value[key];
        out += `${JSON.stringify(key)}:${isConstantKey(key) ? encodeConstant(child, depth + 1) : walk(child, depth + 1)},`;
      }
      return out + '}';
    }
    return encodeConstant(value, depth);
  };
  return { key: walk(document, 0), values };
}

/** A copy of `document` with slot i replaced by `fill(i, value)`; constant subtrees are shared, not copied. */
export function fillShape(document: unknown, fill: (slot: number, value: string) => string): unknown {
  let slot = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return fill(slot++, value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null && isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) copy[key] = isConstantKey(key) ? value[key] : walk(value[key]);
      return copy;
    }
    return value;
  };
  return walk(document);
}

/**
 * A deep copy of a plain-JSON document (arrays, plain objects, primitives, undefined), several times
 * faster than structuredClone, which the stock path uses; undefined for anything else, which the
 * caller then copies with structuredClone.
 */
export function clonePlainJson<T>(document: T): T | undefined {
  const copy = (value: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new NotTemplatableError('too deep');
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
        throw new NotTemplatableError(`a ${typeof value}`);
      }
      return value;
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new NotTemplatableError('a hole');
        items.push(copy(value[i], depth + 1));
      }
      return items;
    }
    if (!isPlainObject(value)) throw new NotTemplatableError('not a plain object');
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw new NotTemplatableError('a "__proto__" key');
      object[key] = copy(value[key], depth + 1);
    }
    return object;
  };
  try {
    return copy(document, 0) as T;
  } catch (error) {
    if (error instanceof NotTemplatableError) return undefined;
    throw error;
  }
}
