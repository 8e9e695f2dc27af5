import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertionOnlyPurpose } from './assertion-only.purpose.js';
import { signCredential, signCredentialFast, signCredentialStock } from './credential-signer.js';
import { didKeyIdentifiers } from './did-key.js';
import { didWebDocument } from './did-web.js';
import { createDocumentLoader, type DocumentLoader } from './document-loader.js';
import { generateEd25519Key } from './ed25519-key.js';
import { createEd25519Signer, type CredentialSigner } from './ed25519-signer.js';
import { eddsaRdfc2022Suite } from './eddsa-rdfc-2022.suite.js';
import { verifyProofsFast } from './fast-proof-verifier.js';
import { buildLevelCredential } from './level-credential.builder.js';
import {
  randomIri,
  randomLevelCredentialInput,
  randomStructure,
  randomText,
  SeededRandom,
  type CredentialStructure,
} from './level-credential.fuzz.js';
import { checkSignatureStock } from './signature.check.js';
import { canonizeDocument } from './templated-canonize.js';

// Thousands of seeded random credentials, signed by the stock path (vc.issue) and the fast path:
// the results must be identical to the byte, failures must be the same failures, and the fast
// path must never sign what the stock path refuses.
const CASES = 2000;
const BATCH = 400;
const SEED = 0x5eed_2026;
// Most credentials take one of these structures (so templates are reused with other values), the rest a fresh one.
const STRUCTURES = 40;

const WEB_DID = 'did:web:issuer.attain.example';

interface Issuer {
  did: string;
  signer: CredentialSigner;
}

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

async function settle(signing: Promise<Record<string, unknown>>): Promise<Outcome> {
  try {
    return { ok: true, value: await signing };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function withoutProof(signed: Record<string, unknown>): Record<string, unknown> {
  const { proof: _proof, ...document } = signed;
  return document;
}

describe('fast signing path against stock vc.issue (differential, seeded)', () => {
  let documentLoader: DocumentLoader;
  let issuers: Issuer[];
  const structures: CredentialStructure[] = [];
  const stats = { signed: 0, refused: 0, templated: 0, canonicalChecked: 0, stockVerified: 0, tampered: 0 };

  beforeAll(async () => {
    const pool = new SeededRandom(SEED);
    for (let i = 0; i < STRUCTURES; i++) structures.push(randomStructure(pool));
    const keys = await Promise.all([generateEd25519Key(), generateEd25519Key(), generateEd25519Key()]);
    const webKey = keys[2];
    const webDocument = didWebDocument(WEB_DID, [
      { id: `${WEB_DID}#key-1`, publicKeyMultibase: webKey.publicKeyMultibase },
    ]);
    documentLoader = createDocumentLoader({
      resolveDid: (did) => Promise.resolve(did === WEB_DID ? webDocument : null),
    });
    issuers = [
      ...keys.slice(0, 2).map((key) => {
        const ids = didKeyIdentifiers(key.publicKeyMultibase);
        return { did: ids.did, signer: createEd25519Signer(key, ids.verificationMethodId) };
      }),
      { did: WEB_DID, signer: createEd25519Signer(webKey, `${WEB_DID}#key-1`) },
    ];
  });

  for (let start = 0; start < CASES; start += BATCH) {
    it(`cases ${start}–${start + BATCH - 1}: same credential, same proofValue, same failures`, async () => {
      for (let index = start; index < start + BATCH; index++) {
        const random = new SeededRandom(SEED + index);
        const issuer = random.pick(issuers);
        // Mostly the signing DID; sometimes any IRI, which the signature does not care about.
        const issuerId = random.chance(0.8) ? issuer.did : randomIri(random, 0.1);
        const structure = random.chance(0.85) ? random.pick(structures) : randomStructure(random);
        const credential = buildLevelCredential(randomLevelCredentialInput(random, issuerId, structure));
        const now = new Date(Date.UTC(2026, 0, 1) + random.int(365 * 86_400) * 1000 + random.int(1000));
        const args = { credential, signer: issuer.signer, documentLoader, now };
        const label = `case ${index} (seed ${SEED + index})`;

        const stock = await settle(signCredentialStock(args));
        const fast = await settle(signCredential(args));
        const fastOnly = await settle(signCredentialFast(args));
        // Again: a key refined with slot values (e.g. an IRI a context could rewrite) is compiled on its second sighting.
        const fastAgain = await settle(signCredentialFast(args));
        if (!stock.ok) {
          stats.refused++;
          expect(fast, label).toEqual(stock);
          expect(fastOnly.ok, `${label}: the fast path signed what the stock path refuses`).toBe(false);
          expect(fastAgain.ok, `${label}: the fast path signed what the stock path refuses`).toBe(false);
          continue;
        }
        stats.signed++;
        expect(fastOnly, label).toStrictEqual(stock);
        expect(fastAgain, label).toStrictEqual(stock);
        expect(fast, label).toStrictEqual(stock);
        if (!fastOnly.ok) continue;
        // Key order too: the JSON text is what gets stored and served.
        expect(JSON.stringify(fastOnly.value), label).toBe(JSON.stringify(stock.value));

        const document = withoutProof(fastOnly.value);
        if (index % 8 === 0) {
          const ours = await canonizeDocument(document, documentLoader);
          const reference = await jsonld.canonize(document, {
            algorithm: 'RDFC-1.0',
            format: 'application/n-quads',
            base: null,
            safe: true,
            rdfDirection: 'i18n-datatype',
            documentLoader,
          });
          expect(ours.nquads, label).toBe(reference);
          stats.canonicalChecked++;
          if (ours.templated) stats.templated++;
        }
        const verifiedMethodId = issuer.signer.id;
        expect(await verifyProofsFast(fastOnly.value, documentLoader, now), label).toEqual({
          verified: true,
          verifiedMethodIds: [verifiedMethodId],
        });
        if (index % 16 === 0) {
          const result = await vc.verifyCredential({
            credential: fastOnly.value,
            suite: eddsaRdfc2022Suite(),
            purpose: assertionOnlyPurpose,
            documentLoader,
            now,
            maxClockSkew: Infinity,
            checkStatus: () => Promise.resolve({ verified: true }),
          });
          expect(result.error, label).toBeUndefined();
          expect(result.verified, label).toBe(true);
          stats.stockVerified++;
        }
        if (index % 32 === 0) {
          const tampered = structuredClone(fastOnly.value);
          tampered.name = `${String(tampered.name)}${randomText(random) || '!'}`;
          expect((await verifyProofsFast(tampered, documentLoader, now)).verified, label).toBe(false);
          expect((await checkSignatureStock(tampered, documentLoader, now)).check.ok, label).toBe(false);
          stats.tampered++;
        }
      }
    }, 120_000);
  }

  it('covered both outcomes, and templates did the work', () => {
    expect(stats.signed + stats.refused).toBe(CASES);
    // Awkward IRIs make some credentials unsignable; most are signable.
    expect(stats.refused).toBeGreaterThan(CASES * 0.02);
    expect(stats.signed).toBeGreaterThan(CASES * 0.6);
    // The rest: equal literals merged by JSON-LD (repeated evidence), one-off IRIs a context could rewrite.
    expect(stats.templated).toBeGreaterThan(stats.canonicalChecked * 0.8);
    expect(stats.stockVerified).toBeGreaterThan(50);
    expect(stats.tampered).toBeGreaterThan(25);
  });
});
