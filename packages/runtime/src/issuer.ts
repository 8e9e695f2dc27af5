import {
  createDocumentLoader,
  createEd25519Signer,
  didKeyIdentifiers,
  didWebDocument,
  didWebFromUrl,
  generateEd25519Key,
  type CredentialSigner,
  type DocumentLoader,
} from '@attain/credentials';
import { ensureActiveSigningKey, findActiveSigningKey, listSigningKeys, type Db } from '@attain/db';
import type { Config } from '@attain/config';
import { openSecret, SecretBoxError, sealSecret } from './sealed-box.js';
import { StartupError } from './startup-error.js';

export interface IssuerProfile {
  id: string;
  name: string;
  url: string;
  email?: string;
}

/** Who signs, with which key, and how verifiers resolve it; built once at start-up. */
export interface Issuer {
  did: string;
  verificationMethodId: string;
  profile: IssuerProfile;
  signer: CredentialSigner;
  documentLoader: DocumentLoader;
  /** The did:web document served at /.well-known/did.json; undefined for did:key. */
  didDocument: Record<string, unknown> | undefined;
  /**
   * A signer that speaks for `did`, for status lists of credentials issued under an earlier key:
   * with did:key a rotation changes the DID, and those lists must still be signed by it.
   */
  signerFor(did: string): Promise<CredentialSigner | undefined>;
}

function openKey(sealed: string, kek: Buffer): string {
  try {
    return openSecret(sealed, kek);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new StartupError(
      'The signing key stored in this database was sealed with another key-encryption key. Set ' +
        'ATTAIN_KEY_ENCRYPTION_KEY (or ATTAIN_DATA_DIR) to the one this database was created with; ' +
        'for a scratch database, point DATABASE_URL at a new one instead.',
      { cause: error },
    );
  }
}

/**
 * Fails unless `kek` opens what this database holds sealed: a CLI run from another folder (and
 * so with another local key file) must not seal new LMS secrets that the server cannot open.
 */
export async function checkKeyEncryptionKey(db: Db, kek: Buffer): Promise<void> {
  const stored = await findActiveSigningKey(db);
  if (stored !== undefined) openKey(stored.secretKeySealed, kek);
}

/** The signing key is generated on first start and stored sealed under the key-encryption key. */
export async function loadIssuer(db: Db, config: Config, kek: Buffer): Promise<Issuer> {
  let stored = await findActiveSigningKey(db);
  if (stored === undefined) {
    const fresh = await generateEd25519Key();
    stored = await ensureActiveSigningKey(
      db,
      { publicKeyMultibase: fresh.publicKeyMultibase, secretKeySealed: sealSecret(fresh.secretKeyMultibase, kek) },
      new Date(),
    );
  }
  const key = {
    publicKeyMultibase: stored.publicKeyMultibase,
    secretKeyMultibase: openKey(stored.secretKeySealed, kek),
  };

  let did: string;
  let verificationMethodId: string;
  let didDocument: Record<string, unknown> | undefined;
  if (config.issuer.didMethod === 'web') {
    did = didWebFromUrl(config.http.publicUrl);
    verificationMethodId = `${did}#key-${stored.seq}`;
    // Every key that ever signed stays in the document, so older credentials keep verifying.
    const keys = await listSigningKeys(db);
    didDocument = didWebDocument(
      did,
      keys.map((k) => ({ id: `${did}#key-${k.seq}`, publicKeyMultibase: k.publicKeyMultibase })),
    );
  } else {
    ({ did, verificationMethodId } = didKeyIdentifiers(stored.publicKeyMultibase));
    didDocument = undefined;
  }
  const ownDocument = didDocument;
  const documentLoader = createDocumentLoader({
    resolveDid: (requested) => Promise.resolve(ownDocument !== undefined && requested === did ? ownDocument : null),
  });
  const signer = createEd25519Signer(key, verificationMethodId);
  const earlier = new Map<string, CredentialSigner>();
  const signerFor = async (requested: string): Promise<CredentialSigner | undefined> => {
    if (requested === did) return signer;
    if (config.issuer.didMethod === 'web' || !requested.startsWith('did:key:')) return undefined;
    const cached = earlier.get(requested);
    if (cached !== undefined) return cached;
    const match = (await listSigningKeys(db)).find((k) => didKeyIdentifiers(k.publicKeyMultibase).did === requested);
    if (match === undefined) return undefined;
    const made = createEd25519Signer(
      { publicKeyMultibase: match.publicKeyMultibase, secretKeyMultibase: openKey(match.secretKeySealed, kek) },
      didKeyIdentifiers(match.publicKeyMultibase).verificationMethodId,
    );
    earlier.set(requested, made);
    return made;
  };
  return {
    did,
    verificationMethodId,
    signerFor,
    profile: {
      id: did,
      name: config.issuer.name,
      url: config.issuer.url,
      ...(config.issuer.email === undefined ? {} : { email: config.issuer.email }),
    },
    signer,
    documentLoader,
    didDocument,
  };
}

/** A new Ed25519 key, sealed, ready to be stored as the active signing key. */
export async function newSealedSigningKey(
  kek: Buffer,
): Promise<{ publicKeyMultibase: string; secretKeySealed: string }> {
  const fresh = await generateEd25519Key();
  return { publicKeyMultibase: fresh.publicKeyMultibase, secretKeySealed: sealSecret(fresh.secretKeyMultibase, kek) };
}
