import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase58btc } from './base58btc.js';
import { signCredential } from './credential-signer.js';
import { verifyCredential } from './credential-verifier.js';
import { didKeyIdentifiers } from './did-key.js';
import { didWebDocument } from './did-web.js';
import { createDocumentLoader, type DocumentLoader } from './document-loader.js';
import { generateEd25519Key, type Ed25519KeyMaterial } from './ed25519-key.js';
import { createEd25519Signer } from './ed25519-signer.js';
import { verifyProofsFast } from './fast-proof-verifier.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import { checkSignature, checkSignatureStock } from './signature.check.js';

type Json = Record<string, unknown>;

function firstProof(credential: Json): Json {
  return (credential.proof as Json[])[0]!;
}

describe('verifyProofsFast', () => {
  const documentLoader = createDocumentLoader();
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

  it('verifies a credential and names the key, whether proof is an array or an object', async () => {
    const expected = { verified: true, verifiedMethodIds: [ids.verificationMethodId] };
    expect(await verifyProofsFast(signed, documentLoader, VERIFIED_AT)).toEqual(expected);
    expect(await verifyProofsFast({ ...signed, proof: firstProof(signed) }, documentLoader, VERIFIED_AT)).toEqual(
      expected,
    );
  });

  it.each<[string, (credential: Json) => void]>([
    ['the name', (c) => (c.name = `${String(c.name)} `)],
    ['validFrom', (c) => (c.validFrom = '2026-04-01T09:30:00Z')],
    ['the issuer name', (c) => ((c.issuer as Json).name = 'Prestige University')],
    [
      'an alignment',
      (c) => (c.credentialSubject as { achievement: { alignment: Json[] } }).achievement.alignment.pop(),
    ],
    ['the proof date', (c) => (firstProof(c).created = '2026-05-01T09:31:01Z')],
  ])('rejects a change to %s as an invalid signature', async (_what, edit) => {
    const tampered = structuredClone(signed);
    edit(tampered);
    expect(await verifyProofsFast(tampered, documentLoader, VERIFIED_AT)).toEqual({
      verified: false,
      reason: 'Invalid signature.',
    });
  });

  it('rejects a proof naming a key that did not make it', async () => {
    const other = didKeyIdentifiers((await generateEd25519Key()).publicKeyMultibase);
    const forged = structuredClone(signed);
    firstProof(forged).verificationMethod = other.verificationMethodId;
    expect(await verifyProofsFast(forged, documentLoader, VERIFIED_AT)).toMatchObject({ verified: false });
  });

  it.each<[string, (credential: Json) => void]>([
    ['a garbage proofValue', (c) => (firstProof(c).proofValue = 'not-a-signature')],
    ['a base64url proofValue', (c) => (firstProof(c).proofValue = 'uAAAA')],
    ['no proof', (c) => delete c.proof],
    ['another proof purpose', (c) => (firstProof(c).proofPurpose = 'authentication')],
    ['another cryptosuite', (c) => (firstProof(c).cryptosuite = 'eddsa-jcs-2022')],
    ['a verification method object', (c) => (firstProof(c).verificationMethod = { id: ids.verificationMethodId })],
    ['a malformed created', (c) => (firstProof(c).created = 'yesterday')],
    ['a credential without a VC context first', (c) => (c['@context'] = (c['@context'] as string[]).toReversed())],
  ])('declines %s (the stock path decides)', async (_what, edit) => {
    const changed = structuredClone(signed);
    edit(changed);
    expect(await verifyProofsFast(changed, documentLoader, VERIFIED_AT)).toMatchObject({ verified: false });
  });

  it('resolves a did:key once per loader, and a did:web (whose document can change) every time', async () => {
    const calls: string[] = [];
    const base = createDocumentLoader();
    const counting: DocumentLoader = (url) => {
      calls.push(url);
      return base(url);
    };
    for (let i = 0; i < 3; i++) await verifyProofsFast(signed, counting, VERIFIED_AT);
    expect(calls.filter((url) => url.startsWith('did:'))).toEqual([ids.verificationMethodId]);

    const did = 'did:web:attain.example';
    let resolutions = 0;
    const webLoader = createDocumentLoader({
      resolveDid: () => {
        resolutions++;
        return Promise.resolve(
          didWebDocument(did, [{ id: `${did}#key-1`, publicKeyMultibase: key.publicKeyMultibase }]),
        );
      },
    });
    const webSigned = await signCredential({
      credential: buildLevelCredential(levelCredentialInput(did)),
      signer: createEd25519Signer(key, `${did}#key-1`),
      documentLoader: webLoader,
      now: SIGNED_AT,
    });
    resolutions = 0;
    for (let i = 0; i < 3; i++) {
      expect(await verifyProofsFast(webSigned, webLoader, VERIFIED_AT)).toEqual({
        verified: true,
        verifiedMethodIds: [`${did}#key-1`],
      });
    }
    expect(resolutions).toBe(3);
  });
});

describe('checkSignature with the fast path answers exactly as checkSignatureStock', () => {
  const documentLoader = createDocumentLoader();
  const cases: [string, Json][] = [];
  beforeAll(async () => {
    const [key, other] = [await generateEd25519Key(), await generateEd25519Key()];
    const ids = didKeyIdentifiers(key.publicKeyMultibase);
    const otherIds = didKeyIdentifiers(other.publicKeyMultibase);
    const sign = (credential: Json, material: Ed25519KeyMaterial, methodId: string) =>
      signCredential({ credential, signer: createEd25519Signer(material, methodId), documentLoader, now: SIGNED_AT });
    const credential = buildLevelCredential(levelCredentialInput(ids.did));
    const signed = await sign(credential, key, ids.verificationMethodId);
    const byOther = await sign(credential, other, otherIds.verificationMethodId);
    const upgraded = await sign({ ...credential, name: 'Expert' }, other, otherIds.verificationMethodId);
    const tampered = structuredClone(signed);
    tampered.name = 'Expert';
    const base64url = structuredClone(signed);
    const signature = Buffer.from(decodeBase58btc(String(firstProof(signed).proofValue).slice(1)));
    firstProof(base64url).proofValue = `u${signature.toString('base64url')}`;
    cases.push(
      ['a valid credential', signed],
      ['a valid credential with proof as an object', { ...signed, proof: firstProof(signed) }],
      ['two valid proofs', { ...signed, proof: [firstProof(signed), firstProof(byOther)] }],
      ['a valid and a stale proof', { ...upgraded, proof: [firstProof(signed), firstProof(upgraded)] }],
      ['a tampered credential', tampered],
      ['a valid signature in base64url (left to the stock path)', base64url],
      ['no proof', { ...credential }],
      [
        'a proof with its own context',
        { ...signed, proof: [{ '@context': signed['@context'], ...firstProof(signed) }] },
      ],
    );
  });

  it('for valid, multi-proof, tampered and odd credentials', async () => {
    const outcomes: boolean[] = [];
    for (const [what, credential] of cases) {
      const fast = await checkSignature(credential, documentLoader, VERIFIED_AT);
      const stock = await checkSignatureStock(credential, documentLoader, VERIFIED_AT);
      expect(fast, what).toEqual(stock);
      outcomes.push(stock.check.ok);
    }
    // A stale proof beside a valid one fails the whole set (every proof must verify).
    expect(outcomes).toEqual([true, true, true, false, false, true, false, true]);
  });

  it('and the full report agrees', async () => {
    const [, signed] = cases[0]!;
    const report = await verifyCredential({ credential: signed, documentLoader, now: VERIFIED_AT });
    expect(report.checks.find((check) => check.check === 'signature')).toEqual({
      check: 'signature',
      ok: true,
      outcome: 'passed',
      message: 'The digital signature is valid: the credential has not changed since it was signed.',
    });
  });
});
