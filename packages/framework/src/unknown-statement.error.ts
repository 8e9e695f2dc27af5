/** Statement codes that the framework version does not define. */
export class UnknownStatementError extends Error {
  override readonly name = 'UnknownStatementError';
  readonly codes: readonly string[];

  constructor(frameworkLabel: string, codes: readonly string[]) {
    super(`unknown statement code(s) for framework ${frameworkLabel}: ${codes.join(', ')}`);
    this.codes = codes;
  }
}
