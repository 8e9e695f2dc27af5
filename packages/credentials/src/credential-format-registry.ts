import { bundledContexts } from './bundled-contexts.js';
import type { AnyCredentialFormat } from './credential-format.js';
import { CREDENTIAL_FORMATS } from './formats/credential-formats.js';

/** A format list that cannot work: a duplicate or malformed name, or a context not bundled. Thrown when the registry is built. */
export class CredentialFormatRegistryError extends Error {
  override readonly name = 'CredentialFormatRegistryError';
}

/** A caller asked for a format that is not registered. */
export class UnknownCredentialFormatError extends Error {
  override readonly name = 'UnknownCredentialFormatError';

  constructor(
    readonly format: string,
    known: readonly string[],
  ) {
    super(`no credential format named '${format}' is registered (known: ${known.join(', ')})`);
  }
}

/** The formats, looked up by name: the only place that knows which formats exist. */
export interface CredentialFormatRegistry<F extends AnyCredentialFormat> {
  /** In registration order. */
  readonly names: readonly string[];
  /** A registered name gives that format with its exact input type. @throws UnknownCredentialFormatError */
  get<N extends F['name']>(name: N): Extract<F, { name: N }>;
  /** @throws UnknownCredentialFormatError */
  get(name: string): F;
  has(name: string): boolean;
}

// Same rule as delivery channel names: plain and short, fit for a column or a log line.
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function createCredentialFormatRegistry<F extends AnyCredentialFormat>(
  formats: readonly F[],
): CredentialFormatRegistry<F> {
  const byName = new Map<string, F>();
  for (const format of formats) {
    if (!NAME.test(format.name))
      throw new CredentialFormatRegistryError(`credential format name '${format.name}' is not ${String(NAME)}`);
    if (byName.has(format.name))
      throw new CredentialFormatRegistryError(`credential format '${format.name}' is registered twice`);
    // Contexts are never fetched at run time: a format needing one we do not ship could not be signed.
    const missing = format.contexts.filter((url) => !bundledContexts.has(url));
    if (missing.length > 0)
      throw new CredentialFormatRegistryError(
        `credential format '${format.name}' needs contexts that are not bundled: ${missing.join(', ')}`,
      );
    byName.set(format.name, format);
  }
  const names = [...byName.keys()];
  function get(name: string): F {
    const format = byName.get(name);
    if (format === undefined) throw new UnknownCredentialFormatError(name, names);
    return format;
  }
  return { names, get: get as CredentialFormatRegistry<F>['get'], has: (name) => byName.has(name) };
}

/** The registry of `CREDENTIAL_FORMATS`; built at import, so a bad list stops the process at start-up. */
export const credentialFormats =
  createCredentialFormatRegistry<(typeof CREDENTIAL_FORMATS)[number]>(CREDENTIAL_FORMATS);
