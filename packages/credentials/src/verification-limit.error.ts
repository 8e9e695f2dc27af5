/** Which bound a document broke: its name, the bound, and (when counted) what the document had. */
export interface VerificationLimit {
  name: string;
  max: number;
  actual?: number;
}

/**
 * A document refused before any JSON-LD or signature work because it is larger or more complex
 * than any genuine credential (or names a context this verifier does not ship). Not a verification
 * result: nothing about the document was judged. `tooLarge` tells a size refusal (HTTP 413) from a
 * shape refusal (400).
 */
export class VerificationLimitError extends Error {
  override readonly name = 'VerificationLimitError';

  constructor(
    readonly code: 'verification_limit' | 'context_not_allowed',
    readonly limit: VerificationLimit,
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}
