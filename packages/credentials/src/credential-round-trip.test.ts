import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidCredentialError } from './credential-errors.js';
import { signCredential } from './credential-signer.js';
import { verifyCredential } from './credential-verifier.js';
import { didKeyIdentifiers } from './did-key.js';
import { didWebDocument } from './did-web.js';
import { createDocumentLoader } from './document-loader.js';
import { generateEd25519Key, type Ed25519KeyMaterial } from './ed25519-key.js';
import { createEd25519Signer } from './ed25519-signer.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import { validateOpenBadgeSchema } from './open-badge-schema.validator.js';

describe('build, sign and verify a level credential (did:key issuer)', () => {
  const documentLoader = createDocumentLoader();
  let signed: Record<string, unknown>;
  let did: string;
  beforeAll(async () => {
    const key = await generateEd25519Key();
    const ids = didKeyIdentifiers(key.publicKeyMultibase);
    did = ids.did;
    const credential = buildLevelCredential(
      levelCredentialInput(did, { validUntil: new Date('2029-05-01T00:00:00Z') }),
    );
    signed = await signCredential({
      credential,
      signer: createEd25519Signer(key, ids.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });
  });

  it('checks the issuer against a list of trusted issuers when one is given', async () => {
    const trusted = await verifyCredential({
      credential: signed,
      documentLoader,
      now: VERIFIED_AT,
      trustedIssuers: [did],
    });
    expect(trusted.verified).toBe(true);
    const stranger = await verifyCredential({
      credential: signed,
      documentLoader,
      now: VERIFIED_AT,
      trustedIssuers: ['did:web:other.example'],
    });
    expect(stranger.verified).toBe(false);
    expect(stranger.checks.find((c) => c.check === 'issuer')).toMatchObject({ ok: false });
    expect(stranger.checks.find((c) => c.check === 'signature')).toMatchObject({ ok: true });
  });

  it('adds one eddsa-rdfc-2022 proof, as an array, created at `now`', () => {
    expect(signed.proof).toEqual([
      {
        type: 'DataIntegrityProof',
        created: '2026-05-01T09:31:00Z',
        verificationMethod: didKeyIdentifiers(did.slice('did:key:'.length)).verificationMethodId,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any
        proofValue: expect.stringMatching(/^z/),
      },
    ]);
  });

  it('verifies, with every check passing', async () => {
    const report = await verifyCredential({ credential: signed, documentLoader, now: VERIFIED_AT });
    expect(report).toMatchObject({ verified: true, credentialId: signed.id, issuer: did });
    expect(report.checks.map(({ check, ok }) => [check, ok])).toEqual([
      ['structure', true],
      ['signature', true],
      ['issuer', true],
      ['validity', true],
      ['status', true],
    ]);
    expect(report.status).toBe('none');
    expect(report.checks[3]?.message).toBe('Valid from 2026-05-01 09:30 UTC until 2029-05-01 00:00 UTC.');
  });

  it('verifies with stock @digitalbazaar/vc and this loader', async () => {
    const result = await vc.verifyCredential({
      credential: signed,
      suite: eddsaRdfc2022Suite(),
      documentLoader,
      now: VERIFIED_AT,
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('validates against the OB 3.0 schema only with proof as an array (the schema trap)', async () => {
    expect(validateOpenBadgeSchema(signed)).toEqual({ valid: true, errors: [] });
    const asLibraryWritesIt = { ...signed, proof: (signed.proof as unknown[])[0] };
    expect(validateOpenBadgeSchema(asLibraryWritesIt)).toEqual({ valid: false, errors: ['/proof must be array'] });
    // The array is not part of what is signed: both forms verify.
    expect((await verifyCredential({ credential: asLibraryWritesIt, documentLoader, now: VERIFIED_AT })).verified).toBe(
      true,
    );
  });
});

describe('signCredential', () => {
  const documentLoader = createDocumentLoader();
  let key: Ed25519KeyMaterial;
  let ids: ReturnType<typeof didKeyIdentifiers>;
  beforeAll(async () => {
    key = await generateEd25519Key();
    ids = didKeyIdentifiers(key.publicKeyMultibase);
  });

  it.each([['2026-05-01T09:30:00'], ['1 May 2026'], [undefined]])(
    'refuses validFrom %j (no time zone / not a date-time)',
    async (validFrom) => {
      const credential = { ...buildLevelCredential(levelCredentialInput(ids.did)), validFrom };
      const signing = signCredential({
        credential,
        signer: createEd25519Signer(key, ids.verificationMethodId),
        documentLoader,
        now: SIGNED_AT,
      });
      await expect(signing).rejects.toBeInstanceOf(InvalidCredentialError);
    },
  );

  it('leaves its input untouched and refuses to sign twice', async () => {
    const credential = buildLevelCredential(levelCredentialInput(ids.did));
    const before = structuredClone(credential);
    const signer = createEd25519Signer(key, ids.verificationMethodId);
    const signed = await signCredential({ credential, signer, documentLoader, now: SIGNED_AT });
    expect(credential).toEqual(before);
    await expect(signCredential({ credential: signed, signer, documentLoader, now: SIGNED_AT })).rejects.toThrow(
      /already has a proof/,
    );
  });

  it('refuses, in JSON-LD safe mode, a term no context defines', async () => {
    const credential = { ...buildLevelCredential(levelCredentialInput(ids.did)), learnerEmail: 'learner@example.com' };
    const signing = signCredential({
      credential,
      signer: createEd25519Signer(key, ids.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });
    await expect(signing).rejects.toThrow(/[Ss]afe mode/);
  });
});

describe('a did:web issuer', () => {
  it('verifies through resolveDid, including a credential signed with an older key still listed', async () => {
    const did = 'did:web:attain.example';
    const [oldKey, newKey] = [await generateEd25519Key(), await generateEd25519Key()];
    const document = didWebDocument(did, [
      { id: `${did}#key-1`, publicKeyMultibase: oldKey.publicKeyMultibase },
      { id: `${did}#key-2`, publicKeyMultibase: newKey.publicKeyMultibase },
    ]);
    const documentLoader = createDocumentLoader({
      resolveDid: (requested) => Promise.resolve(requested === did ? document : null),
    });
    for (const [key, keyId] of [
      [oldKey, `${did}#key-1`],
      [newKey, `${did}#key-2`],
    ] as const) {
      const credential = buildLevelCredential(levelCredentialInput(did));
      const signed = await signCredential({
        credential,
        signer: createEd25519Signer(key, keyId),
        documentLoader,
        now: SIGNED_AT,
      });
      const report = await verifyCredential({ credential: signed, documentLoader, now: VERIFIED_AT });
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.verified).toBe(true);
      const stock = await vc.verifyCredential({
        credential: signed,
        suite: eddsaRdfc2022Suite(),
        documentLoader,
        now: VERIFIED_AT,
      });
      expect(stock.verified).toBe(true);
    }
  });
});
