import { beforeAll, describe, expect, it } from 'vitest';
import { signCredential } from './credential-signer.js';
import { verifyCredential } from './credential-verifier.js';
import { didKeyIdentifiers } from './did-key.js';
import { didWebDocument } from './did-web.js';
import { createDocumentLoader } from './document-loader.js';
import { generateEd25519Key, type Ed25519KeyMaterial } from './ed25519-key.js';
import { createEd25519Signer } from './ed25519-signer.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import type { VerificationReport } from './verification-report.js';

const documentLoader = createDocumentLoader();

// Shortcuts into the signed JSON for the edits below.
type Json = Record<string, unknown>;
/** The object or array element at `path` inside a JSON document, for editing in place. */
function at(document: Json, ...path: (string | number)[]): Json {
  let value: unknown = document;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) throw new Error(`nothing at ${path.join('.')}`);
    value = (value as Record<string | number, unknown>)[key];
  }
  if (typeof value !== 'object' || value === null) throw new Error(`no object at ${path.join('.')}`);
  return value as Json;
}
function failed(report: VerificationReport): string[] {
  return report.checks.filter((check) => check.outcome === 'failed').map((check) => check.check);
}
function notChecked(report: VerificationReport): string[] {
  return report.checks.filter((check) => check.outcome === 'not-checked').map((check) => check.check);
}
function message(report: VerificationReport, check: string): string | undefined {
  return report.checks.find((candidate) => candidate.check === check)?.message;
}

describe('verifyCredential on altered or ill-formed credentials', () => {
  let key: Ed25519KeyMaterial;
  let ids: ReturnType<typeof didKeyIdentifiers>;
  let signed: Json;
  beforeAll(async () => {
    key = await generateEd25519Key();
    ids = didKeyIdentifiers(key.publicKeyMultibase);
    const credential = buildLevelCredential(levelCredentialInput(ids.did));
    signed = await signCredential({
      credential,
      signer: createEd25519Signer(key, ids.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });
  });

  it('accepts the untouched credential (baseline for the cases below)', async () => {
    expect((await verifyCredential({ credential: signed, documentLoader, now: VERIFIED_AT })).verified).toBe(true);
  });

  it.each<[string, (credential: Json) => void]>([
    ['the credential name', (c) => (c.name = 'Expert — Securities Sales Agents')],
    [
      'an alignment targetName',
      (c) => (at(c, 'credentialSubject', 'achievement', 'alignment', 0).targetName = 'Something never assessed.'),
    ],
    ['validFrom', (c) => (c.validFrom = '2026-04-01T09:30:00Z')],
    [
      'the identityHash',
      (c) => (at(c, 'credentialSubject', 'identifier', 0).identityHash = `sha256$${'0'.repeat(64)}`),
    ],
    ['the issuer name', (c) => (at(c, 'issuer').name = 'Prestige University')],
    [
      'the achieved level',
      (c) =>
        (at(c, 'credentialSubject', 'result', 0).achievedLevel = at(
          c,
          'credentialSubject',
          'achievement',
          'resultDescription',
          0,
          'rubricCriterionLevel',
          3,
        ).id),
    ],
  ])('rejects a change to %s with a failed signature check', async (_field, edit) => {
    const tampered = structuredClone(signed);
    edit(tampered);
    const report = await verifyCredential({ credential: tampered, documentLoader, now: VERIFIED_AT });
    expect(report.verified).toBe(false);
    expect(failed(report)).toEqual(['signature']);
    expect(message(report, 'signature')).toMatch(/changed after it was signed/);
  });

  it('fails the issuer check when the signing key is not controlled by the named issuer', async () => {
    const impostor = await generateEd25519Key();
    const impostorIds = didKeyIdentifiers(impostor.publicKeyMultibase);
    const credential = buildLevelCredential(levelCredentialInput(ids.did));
    const forged = await signCredential({
      credential,
      signer: createEd25519Signer(impostor, impostorIds.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });
    const report = await verifyCredential({ credential: forged, documentLoader, now: VERIFIED_AT });
    expect(report.verified).toBe(false);
    expect(failed(report)).toEqual(['issuer']);
    expect(message(report, 'issuer')).toContain(`belongs to ${impostorIds.did}`);
  });

  it('fails the issuer check when the issuer DID document does not list the key for assertion', async () => {
    const did = 'did:web:attain.example';
    const document = {
      ...didWebDocument(did, [{ id: `${did}#key-1`, publicKeyMultibase: key.publicKeyMultibase }]),
      assertionMethod: [],
    };
    const webLoader = createDocumentLoader({
      resolveDid: (requested) => Promise.resolve(requested === did ? document : null),
    });
    const credential = buildLevelCredential(levelCredentialInput(did));
    const webSigned = await signCredential({
      credential,
      signer: createEd25519Signer(key, `${did}#key-1`),
      documentLoader: webLoader,
      now: SIGNED_AT,
    });
    const report = await verifyCredential({ credential: webSigned, documentLoader: webLoader, now: VERIFIED_AT });
    expect(failed(report)).toEqual(['issuer']);
    expect(message(report, 'issuer')).toMatch(/not authorised/);
  });

  it('reports an unresolvable issuer DID without throwing', async () => {
    const credential = buildLevelCredential(levelCredentialInput('did:web:gone.example'));
    const signer = createEd25519Signer(key, 'did:web:gone.example#key-1');
    const resolving = createDocumentLoader({
      resolveDid: () =>
        Promise.resolve(
          didWebDocument('did:web:gone.example', [
            { id: 'did:web:gone.example#key-1', publicKeyMultibase: key.publicKeyMultibase },
          ]),
        ),
    });
    const orphan = await signCredential({ credential, signer, documentLoader: resolving, now: SIGNED_AT });
    const report = await verifyCredential({ credential: orphan, documentLoader, now: VERIFIED_AT });
    // The key cannot be resolved, so the signature cannot be checked, and nothing that depends on it is.
    expect(failed(report)).toEqual(['signature']);
    expect(notChecked(report)).toEqual(['issuer', 'validity', 'status']);
    expect(message(report, 'signature')).toMatch(/gone\.example/);
  });

  it('fails only the validity check for an expired credential', async () => {
    const credential = buildLevelCredential(
      levelCredentialInput(ids.did, { validUntil: new Date('2026-06-01T00:00:00Z') }),
    );
    const expiring = await signCredential({
      credential,
      signer: createEd25519Signer(key, ids.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });
    const report = await verifyCredential({ credential: expiring, documentLoader, now: VERIFIED_AT });
    expect(failed(report)).toEqual(['validity']);
    expect(message(report, 'validity')).toBe('This credential expired on 2026-06-01 00:00 UTC.');
    expect(
      (await verifyCredential({ credential: expiring, documentLoader, now: new Date('2026-05-31T23:59:59Z') }))
        .verified,
    ).toBe(true);
  });

  it('fails only the validity check before validFrom', async () => {
    const report = await verifyCredential({
      credential: signed,
      documentLoader,
      now: new Date('2026-05-01T09:29:59Z'),
    });
    expect(failed(report)).toEqual(['validity']);
    expect(message(report, 'validity')).toBe('This credential is not valid before 2026-05-01 09:30 UTC.');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'eyJhbGciOi...'],
    ['an empty object', {}],
    ['an array', [1, 2]],
    ['a number', 42],
  ])('reports %s as not a credential, without throwing', async (_name, input) => {
    const report = await verifyCredential({ credential: input, documentLoader, now: VERIFIED_AT });
    expect(report.verified).toBe(false);
    expect(report.checks[0]).toMatchObject({ check: 'structure', ok: false, outcome: 'failed' });
    expect(notChecked(report)).toEqual(['signature', 'issuer', 'validity', 'status']);
  });

  it('names what is missing from a credential without a proof or VC context', async () => {
    const { proof: _proof, ...unsigned } = signed;
    const report = await verifyCredential({
      credential: { ...unsigned, '@context': ['https://www.w3.org/ns/credentials/examples/v2'] },
      documentLoader,
      now: VERIFIED_AT,
    });
    expect(report.checks[0]?.message).toMatch(/not a Verifiable Credential 2.0.*no proof/);
  });

  it('refuses a context it does not bundle before any JSON-LD work', async () => {
    await expect(
      verifyCredential({
        credential: { ...signed, '@context': ['https://example.org/not-a-vc-context'] },
        documentLoader,
        now: VERIFIED_AT,
      }),
    ).rejects.toMatchObject({ code: 'context_not_allowed', limit: { name: 'unknownContexts', max: 0, actual: 1 } });
  });

  it('fails the signature check, without throwing, for a proof whose value is garbage', async () => {
    const mangled = structuredClone(signed);
    at(mangled, 'proof', 0).proofValue = 'not-a-signature';
    const report = await verifyCredential({ credential: mangled, documentLoader, now: VERIFIED_AT });
    expect(failed(report)).toEqual(['signature']);
  });
});

describe('verifyCredential with more than one proof', () => {
  it('does not let a proof that merely names the issuer key vouch for content signed by another key', async () => {
    const issuerKey = await generateEd25519Key();
    const attackerKey = await generateEd25519Key();
    const issuer = didKeyIdentifiers(issuerKey.publicKeyMultibase);
    const attacker = didKeyIdentifiers(attackerKey.publicKeyMultibase);
    const credential = buildLevelCredential(levelCredentialInput(issuer.did));
    const genuine = await signCredential({
      credential,
      signer: createEd25519Signer(issuerKey, issuer.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });

    // The attacker upgrades the level, signs it with their own key, and adds the issuer's old proof.
    const upgraded = { ...structuredClone(credential), name: 'Expert — Securities Sales Agents' };
    const forged = await signCredential({
      credential: upgraded,
      signer: createEd25519Signer(attackerKey, attacker.verificationMethodId),
      documentLoader,
      now: SIGNED_AT,
    });
    forged.proof = [at(genuine, 'proof', 0), at(forged, 'proof', 0)];

    // Every proof of a set must verify: the issuer's proof no longer matches the upgraded content.
    const report = await verifyCredential({ credential: forged, documentLoader, now: VERIFIED_AT });
    expect(report.verified).toBe(false);
    expect(failed(report)).toEqual(['signature']);
    expect(notChecked(report)).toEqual(['issuer', 'validity', 'status']);
  });
});
