import { FrameworkFormatError } from './framework-format.error.js';
import type { Framework } from './framework.model.js';
import { parseFramework } from './parse-framework.js';

export function parseFrameworkJson(text: string): Framework {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FrameworkFormatError('$', `not valid JSON: ${reason}`, { cause: error });
  }
  return parseFramework(parsed);
}
