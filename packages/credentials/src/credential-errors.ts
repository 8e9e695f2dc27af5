/** The document loader was asked for a URL it does not ship; it never fetches. */
export class DocumentNotBundledError extends Error {
  constructor(readonly url: string) {
    super(
      `The JSON-LD document "${url}" is not bundled with @attain/credentials, and the loader never fetches from the network.`,
    );
    this.name = 'DocumentNotBundledError';
  }
}

/** A DID (or one of its keys) could not be resolved. */
export class DidResolutionError extends Error {
  constructor(
    readonly did: string,
    reason: string,
  ) {
    super(`Cannot resolve "${did}": ${reason}`);
    this.name = 'DidResolutionError';
  }
}

/** The credential handed to signCredential cannot be signed as it is. */
export class InvalidCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCredentialError';
  }
}

/** Key material is malformed or its public and secret halves do not match. */
export class InvalidKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidKeyError';
  }
}
