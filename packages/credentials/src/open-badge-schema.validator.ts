import { readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

// The official 1EdTech schema, shipped in the package (validators elsewhere fetch it; we never fetch).
const SCHEMA_URL = new URL('../schemas/achievementcredential.schema.json', import.meta.url);

let validate: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validate === undefined) {
    // ajv and ajv-formats are CommonJS: under NodeNext the default import is module.exports, whose `default` is the class.
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  }
  return validate;
}

/** Validates against the OB 3.0 AchievementCredential JSON Schema; `errors` reads like "/proof must be array". */
export function validateOpenBadgeSchema(credential: unknown): { valid: boolean; errors: string[] } {
  const check = compiled();
  const valid = check(credential);
  const errors = (check.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  return { valid, errors: valid ? [] : errors };
}
