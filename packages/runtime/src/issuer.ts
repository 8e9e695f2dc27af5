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
import {
  ensureActiveSigningKey,
  findActiveSigningKey,
  listFrameworkAssignments,
  listIssuers,
  listSigningKeys,
  syncDefaultIssuer,
  type Db,
  type IssuerRecord,
  type StoredSigningKey,
} from '@attain/db';
import type { Config } from '@attain/config';
import { openSecret, SecretBoxError, sealSecret } from './sealed-box.js';
import { StartupError } from './startup-error.js';

/** The Open Badges Profile a credential names as its issuer. */
export interface IssuerProfile {
  id: string;
  name: string;
  url: string;
  email?: string;
  image?: string;
}

/** One issuer: who signs, with which key, and how verifiers resolve it. */
export interface Issuer {
  /** Its name in this deployment: 'default', or the slug given to `attain issuer create`. */
  slug: string;
  did: string;
  verificationMethodId: string;
  profile: IssuerProfile;
  signer: CredentialSigner;
  /** Resolves every DID of this deployment (and any did:key); never the network. */
  documentLoader: DocumentLoader;
  /** Its did:web document (every key it ever had); undefined for did:key. */
  didDocument: Record<string, unknown> | undefined;
  /**
   * A signer that speaks for `did`, any issuer's and any earlier key's: with did:key a rotation
   * changes the DID, and status lists and corrections of older credentials are still signed by it.
   */
  signerFor(did: string): Promise<CredentialSigner | undefined>;
}

/** Every issuer of the deployment, loaded together and refreshed together. */
export interface IssuerRegistry {
  default: Issuer;
  all: Issuer[];
  bySlug(slug: string): Issuer | undefined;
  /** The issuer whose current DID, or one of whose earlier did:keys, this is. */
  ownerOf(did: string): Issuer | undefined;
  /** The issuer assigned to a framework, or the default one. */
  forFramework(frameworkId: string): Issuer;
  /** Every DID this deployment has issued under: the trusted issuers of its own verifier. */
  knownDids: string[];
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

/** The did:web of an issuer: the deployment's host for `default`, a path under /issuers otherwise. */
export function issuerDidWeb(publicUrl: string, slug: string): string {
  const base = didWebFromUrl(publicUrl);
  return slug === 'default' ? base : `${base}:issuers:${slug}`;
}

/** The server's ISSUER_* settings are the default issuer's profile. */
export async function syncDefaultIssuerProfile(db: Db, config: Config): Promise<void> {
  await syncDefaultIssuer(db, {
    name: config.issuer.name,
    url: config.issuer.url,
    email: config.issuer.email ?? null,
    image: config.issuer.image ?? null,
  });
}

/**
 * Loads every issuer. Each gets its signing key on first use (generated and stored sealed under
 * the key-encryption key).
 */
export async function loadIssuers(db: Db, config: Config, kek: Buffer): Promise<IssuerRegistry> {
  const [records, assignments, keys] = await Promise.all([
    listIssuers(db),
    listFrameworkAssignments(db),
    listSigningKeys(db),
  ]);
  const web = config.issuer.didMethod === 'web';
  const didDocuments = new Map<string, Record<string, unknown>>();
  const documentLoader = createDocumentLoader({
    resolveDid: (did) => Promise.resolve(didDocuments.get(did) ?? null),
  });
  const signers = new Map<string, CredentialSigner>();
  const earlierDids = new Map<string, Issuer>();
  const signerFor = (did: string): Promise<CredentialSigner | undefined> => {
    const known = signers.get(did);
    // Earlier did:keys (also from before a switch to did:web) still sign their own status lists.
    if (known !== undefined || !did.startsWith('did:key:')) return Promise.resolve(known);
    const match = keys.find((k) => didKeyIdentifiers(k.publicKeyMultibase).did === did);
    if (match === undefined) return Promise.resolve(undefined);
    const made = createEd25519Signer(
      { publicKeyMultibase: match.publicKeyMultibase, secretKeyMultibase: openKey(match.secretKeySealed, kek) },
      didKeyIdentifiers(match.publicKeyMultibase).verificationMethodId,
    );
    signers.set(did, made);
    return Promise.resolve(made);
  };

  const all: Issuer[] = [];
  for (const record of records) {
    const active = await activeKey(db, record.id, kek, keys);
    const own = keys.filter((k) => k.issuerId === record.id);
    if (!own.some((k) => k.id === active.id)) own.push(active);
    let did: string;
    let verificationMethodId: string;
    let didDocument: Record<string, unknown> | undefined;
    if (web) {
      did = issuerDidWeb(config.http.publicUrl, record.id);
      verificationMethodId = `${did}#key-${active.seq}`;
      didDocument = didWebDocument(
        did,
        own.map((k) => ({ id: `${did}#key-${k.seq}`, publicKeyMultibase: k.publicKeyMultibase })),
      );
      didDocuments.set(did, didDocument);
    } else {
      ({ did, verificationMethodId } = didKeyIdentifiers(active.publicKeyMultibase));
      didDocument = undefined;
    }
    const signer = createEd25519Signer(
      { publicKeyMultibase: active.publicKeyMultibase, secretKeyMultibase: openKey(active.secretKeySealed, kek) },
      verificationMethodId,
    );
    signers.set(did, signer);
    const issuer: Issuer = {
      slug: record.id,
      did,
      verificationMethodId,
      profile: profileOf(record, did, config),
      signer,
      documentLoader,
      didDocument,
      signerFor,
    };
    all.push(issuer);
    if (!web) for (const k of own) earlierDids.set(didKeyIdentifiers(k.publicKeyMultibase).did, issuer);
  }
  const fallback = all.find((i) => i.slug === 'default');
  if (fallback === undefined) throw new Error('the default issuer is missing from the database');
  const bySlug = new Map(all.map((i) => [i.slug, i]));
  const byFramework = new Map(assignments.map((a) => [a.frameworkId, a.issuerId]));
  return {
    default: fallback,
    all,
    bySlug: (slug) => bySlug.get(slug),
    ownerOf: (did) => all.find((i) => i.did === did) ?? earlierDids.get(did),
    forFramework: (frameworkId) => bySlug.get(byFramework.get(frameworkId) ?? 'default') ?? fallback,
    knownDids: [...new Set([...all.map((i) => i.did), ...earlierDids.keys()])],
  };
}

/** The default issuer (for code that deals with one). */
export async function loadIssuer(db: Db, config: Config, kek: Buffer): Promise<Issuer> {
  return (await loadIssuers(db, config, kek)).default;
}

async function activeKey(db: Db, issuerId: string, kek: Buffer, keys: StoredSigningKey[]): Promise<StoredSigningKey> {
  const stored = keys.find((k) => k.issuerId === issuerId && k.active);
  if (stored !== undefined) return stored;
  const fresh = await generateEd25519Key();
  return ensureActiveSigningKey(
    db,
    { publicKeyMultibase: fresh.publicKeyMultibase, secretKeySealed: sealSecret(fresh.secretKeyMultibase, kek) },
    new Date(),
    issuerId,
  );
}

function profileOf(record: IssuerRecord, did: string, config: Config): IssuerProfile {
  // The default issuer without its own URL is the deployment itself.
  const url = record.url ?? config.issuer.url;
  return {
    id: did,
    name: record.name,
    url,
    ...(record.email === null ? {} : { email: record.email }),
    ...(record.image === null ? {} : { image: record.image }),
  };
}

/** A new Ed25519 key, sealed, ready to be stored as the active signing key. */
export async function newSealedSigningKey(
  kek: Buffer,
): Promise<{ publicKeyMultibase: string; secretKeySealed: string }> {
  const fresh = await generateEd25519Key();
  return { publicKeyMultibase: fresh.publicKeyMultibase, secretKeySealed: sealSecret(fresh.secretKeyMultibase, kek) };
}
