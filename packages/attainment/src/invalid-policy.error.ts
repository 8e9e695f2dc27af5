/** An attainment policy that cannot be applied to its framework; `path` names the offending field. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
  readonly path: string;

  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.path = path;
  }
}
