const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as strict UTF-8: malformed bytes are an error, never silently replaced. */
export function decodeUtf8(body: Buffer): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

/** No request Attain takes nests anywhere near this deep; deeper JSON is refused before anything walks it. */
export const MAX_JSON_DEPTH = 64;

export interface JsonTextProblem {
  code: 'invalid_text' | 'too_deep';
  /** JSON Pointer of the offending value (for a property name: of the object holding it). */
  pointer: string;
  detail: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text that cannot be stored as it came: Postgres text cannot hold U+0000, and an unpaired
 * surrogate (`"\ud800"` in JSON) is no Unicode character at all (jsonb refuses it; UTF-8 cannot encode it).
 */
function textFault(text: string): string | undefined {
  if (text.includes('\u0000')) return 'strings may not contain U+0000';
  if (LONE_SURROGATE.test(text)) return 'strings may not contain an unpaired surrogate (\\ud800-\\udfff)';
  return undefined;
}

const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The first value of parsed JSON that cannot be stored or is nested too deep, if any. Walks
 * without recursion, so that no depth of input can exhaust the stack.
 */
export function findJsonTextProblem(value: unknown): JsonTextProblem | undefined {
  const pending: { value: unknown; pointer: string; depth: number }[] = [{ value, pointer: '', depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { pointer, depth } = next;
    if (typeof next.value === 'string') {
      const fault = textFault(next.value);
      if (fault !== undefined) return { code: 'invalid_text', pointer, detail: fault };
      continue;
    }
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return { code: 'too_deep', pointer, detail: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep` };
    }
    const entries: [string, unknown][] = Array.isArray(next.value)
      ? next.value.map((inner, i): [string, unknown] => [String(i), inner])
      : Object.entries(next.value);
    for (const [key, inner] of entries) {
      const fault = textFault(key);
      if (fault !== undefined) return { code: 'invalid_text', pointer, detail: `property names: ${fault}` };
      pending.push({ value: inner, pointer: `${pointer}/${escapePointer(key)}`, depth: depth + 1 });
    }
  }
  return undefined;
}
