import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidKeyError } from './credential-errors.js';
import { signCredential } from './credential-signer.js';
import { didKeyIdentifiers } from './did-key.js';
import { createDocumentLoader } from './document-loader.js';
import { generateEd25519Key, type Ed25519KeyMaterial } from './ed25519-key.js';
import { createEd25519Signer } from './ed25519-signer.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';

describe('createEd25519Signer', () => {
  let key: Ed25519KeyMaterial;
  let ids: ReturnType<typeof didKeyIdentifiers>;
  beforeAll(async () => {
    key = await generateEd25519Key();
    ids = didKeyIdentifiers(key.publicKeyMultibase);
  });

  it('signs exactly as the stock Ed25519Multikey signer does', async () => {
    const data = new TextEncoder().encode('canonical n-quads would go here');
    const stock = (
      await Ed25519Multikey.from({ type: 'Multikey', '@context': 'https://w3id.org/security/multikey/v1', ...key })
    ).signer();
    const fast = createEd25519Signer(key, ids.verificationMethodId);
    expect(fast).toMatchObject({ id: ids.verificationMethodId, algorithm: 'Ed25519' });
    expect(Buffer.from(await fast.sign({ data })).toString('hex')).toBe(
      Buffer.from(await stock.sign({ data })).toString('hex'),
    );
  });

  it('makes proofs that stock verification (with its issuer-binding purpose) accepts, deterministically', async () => {
    const documentLoader = createDocumentLoader();
    const credential = buildLevelCredential(levelCredentialInput(ids.did));
    const signer = createEd25519Signer(key, ids.verificationMethodId);
    const first = await signCredential({ credential, signer, documentLoader, now: SIGNED_AT });
    const second = await signCredential({ credential, signer, documentLoader, now: SIGNED_AT });

    const result = await vc.verifyCredential({
      credential: first,
      suite: eddsaRdfc2022Suite(),
      documentLoader,
      now: VERIFIED_AT,
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(first.proof).toEqual(second.proof);
    expect((first.proof as { proofValue: string }[])[0]?.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,}$/);
  });

  it('refuses a secret key that does not belong to the public key', async () => {
    const other = await generateEd25519Key();
    expect(() =>
      createEd25519Signer({ ...key, secretKeyMultibase: other.secretKeyMultibase }, ids.verificationMethodId),
    ).toThrow(InvalidKeyError);
  });

  it('refuses malformed key material', () => {
    expect(() =>
      createEd25519Signer({ ...key, secretKeyMultibase: 'not-multibase' }, ids.verificationMethodId),
    ).toThrow(InvalidKeyError);
    expect(() =>
      createEd25519Signer({ ...key, secretKeyMultibase: key.publicKeyMultibase }, ids.verificationMethodId),
    ).toThrow(/not an Ed25519 Multikey/);
  });
});

describe('didKeyIdentifiers', () => {
  it('derives the DID and its key id from the public key', () => {
    const publicKey = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    expect(didKeyIdentifiers(publicKey)).toEqual({
      did: `did:key:${publicKey}`,
      verificationMethodId: `did:key:${publicKey}#${publicKey}`,
    });
    expect(() => didKeyIdentifiers('z0nonsense')).toThrow(InvalidKeyError);
  });
});
