import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase58btc } from './base58btc.js';
import { createVerifyData } from './data-integrity-proof.js';
import { didKeyIdentifiers } from './did-key.js';
import { createDocumentLoader } from './document-loader.js';
import { generateEd25519Key } from './ed25519-key.js';
import { createEd25519Signer } from './ed25519-signer.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import { checkSignature } from './signature.check.js';

// VC Data Integrity 1.0, "Verify Proof Sets and Chains": a proof naming a previousProof signs the
// document with that proof in it; the proof it names must be in the set and verify too.

type Json = Record<string, unknown>;
const documentLoader = createDocumentLoader();

describe('proof chains (previousProof)', () => {
  let document: Json;
  let first: Json;
  let sign: (document: Json, config: Json) => Promise<Json>;
  let methodId: string;

  beforeAll(async () => {
    const key = await generateEd25519Key();
    const ids = didKeyIdentifiers(key.publicKeyMultibase);
    methodId = ids.verificationMethodId;
    const signer = createEd25519Signer(key, methodId);
    document = buildLevelCredential(levelCredentialInput(ids.did));
    sign = async (signed, config) => {
      const { data } = await createVerifyData(signed, config, documentLoader);
      return { ...config, proofValue: `z${encodeBase58btc(await signer.sign({ data }))}` };
    };
    first = await sign(document, proofConfig('urn:uuid:proof-1'));
  });

  const proofConfig = (id: string, previousProof?: string): Json => ({
    id,
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    created: SIGNED_AT.toISOString().replace(/\.\d+Z$/, 'Z'),
    verificationMethod: methodId,
    proofPurpose: 'assertionMethod',
    ...(previousProof === undefined ? {} : { previousProof }),
  });
  const verify = async (proof: Json[]) =>
    (await checkSignature({ ...document, proof }, documentLoader, VERIFIED_AT)).check;

  it('verifies a second proof signed over the document holding the first', async () => {
    const second = await sign({ ...document, proof: [first] }, proofConfig('urn:uuid:proof-2', 'urn:uuid:proof-1'));
    expect(await verify([first, second])).toMatchObject({ ok: true });
  });

  it('fails a chained proof that was signed without the previous proof in the document', async () => {
    const unchained = await sign(document, proofConfig('urn:uuid:proof-2', 'urn:uuid:proof-1'));
    expect(await verify([first, unchained])).toMatchObject({ ok: false, message: /Invalid signature/ });
  });

  it('fails a previousProof that names no proof of the set', async () => {
    const second = await sign({ ...document, proof: [first] }, proofConfig('urn:uuid:proof-2', 'urn:uuid:proof-9'));
    expect(await verify([first, second])).toMatchObject({
      ok: false,
      message: /previous proof urn:uuid:proof-9 is not in the proof set/,
    });
  });

  it('fails the chain when the proof it names does not verify', async () => {
    const second = await sign({ ...document, proof: [first] }, proofConfig('urn:uuid:proof-2', 'urn:uuid:proof-1'));
    const brokenFirst = { ...first, created: '2020-01-01T00:00:00Z' };
    expect(await verify([brokenFirst, second])).toMatchObject({ ok: false });
  });
});
