import { VC_V1_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import { isRecord } from './is-record.js';
import { proofsOf } from './proofs.js';
import type { VerificationCheck } from './verification-report.js';

export type StructureResult =
  | { check: VerificationCheck; credential?: undefined }
  | { check: VerificationCheck; credential: Record<string, unknown> };

/** Is this a VC 2.0 credential with an embedded proof at all? Later checks rely on the shape it confirms. */
export function checkStructure(input: unknown): StructureResult {
  if (!isRecord(input)) {
    return { check: { check: 'structure', ok: false, message: 'This is not a credential: expected a JSON object.' } };
  }
  const problems: string[] = [];
  const context = input['@context'];
  if (!Array.isArray(context) || (context[0] !== VC_V2_CONTEXT && context[0] !== VC_V1_CONTEXT)) {
    problems.push(`its first @context is not ${VC_V2_CONTEXT}, so it is not a Verifiable Credential 2.0 (nor 1.1)`);
  }
  const types: unknown[] = Array.isArray(input.type) ? input.type : [input.type];
  if (!types.includes('VerifiableCredential')) problems.push('its type does not include VerifiableCredential');
  if (proofsOf(input).length === 0) problems.push('it carries no proof (digital signature)');
  if (problems.length > 0) {
    return {
      check: {
        check: 'structure',
        ok: false,
        message: `This is not a well-formed credential: ${problems.join('; ')}.`,
      },
    };
  }
  return {
    check: {
      check: 'structure',
      ok: true,
      message: 'The document is a well-formed Verifiable Credential with a digital signature.',
    },
    credential: input,
  };
}
