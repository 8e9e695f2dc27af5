/** Why an image could not be baked or read; stable for callers that branch on it. */
export type BakedImageProblem =
  | 'not-an-image'
  | 'damaged-image'
  | 'no-credential'
  | 'multiple-credentials'
  | 'unsupported-encoding'
  | 'unreadable-credential'
  | 'too-large'
  | 'unstorable-credential'
  | 'conflicting-badge-data';

/**
 * An image that cannot be baked or whose credential cannot be read. The message is written for
 * the person who uploaded the file; `problem` is for code.
 */
export class BakedImageError extends Error {
  override readonly name = 'BakedImageError';
  readonly problem: BakedImageProblem;

  constructor(problem: BakedImageProblem, message: string, options?: ErrorOptions) {
    super(message, options);
    this.problem = problem;
  }
}
