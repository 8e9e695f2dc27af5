/** A credential before its proof: a JSON-LD document whose terms its format's contexts define. */
export type UnsignedCredential = Record<string, unknown>;

/** The verdict of a format's schema check; `errors` read like "/proof must be array". */
export interface CredentialSchemaCheck {
  valid: boolean;
  errors: string[];
}

/**
 * One kind of credential Attain issues: how an attainment (as `Input`) becomes an unsigned
 * credential, which JSON-LD contexts that needs, and the schema it must meet. Signing, status
 * entries and storage stay with the caller, so every format is signed and verified alike.
 * `Name` is a literal type in an implementation, so the registry can return its exact `Input`.
 */
export interface CredentialFormat<Input, Name extends string = string> {
  /** Plain and stable (lower-case letters, digits, dashes): callers look formats up by it. */
  readonly name: Name;
  /** The `@context` URLs its credentials carry, in order; every one is bundled (the registry checks). */
  readonly contexts: readonly string[];
  /** Pure: the same input gives the same document. `now` is for formats that date things themselves. */
  build(input: Input, now: Date): UnsignedCredential;
  /** Its schema check, for an unsigned or a signed credential; never throws. */
  check(credential: unknown): CredentialSchemaCheck;
}

/** Any format, whatever its input: what the registry holds. */
// `never` as the input accepts every format; a caller gets the exact type back from the registry by name.
export type AnyCredentialFormat = CredentialFormat<never>;
