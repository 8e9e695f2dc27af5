/** A framework export that does not follow LER.me schema 1.0; `path` names the offending field. */
export class FrameworkFormatError extends Error {
  override readonly name = 'FrameworkFormatError';
  readonly path: string;

  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.path = path;
  }
}
