import { beforeAll, describe, expect, it } from 'vitest';
import { signCredential } from './credential-signer.js';
import { verifyCredential } from './credential-verifier.js';
import { didKeyIdentifiers } from './did-key.js';
import { createDocumentLoader } from './document-loader.js';
import { generateEd25519Key } from './ed25519-key.js';
import { createEd25519Signer, type CredentialSigner } from './ed25519-signer.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import { validateOpenBadgeSchema } from './open-badge-schema.validator.js';
import { buildStatusListCredential, type StatusPurpose } from './status-list.js';

const REVOCATION_URL = 'https://attain.example/status-lists/r1';
const SUSPENSION_URL = 'https://attain.example/status-lists/s1';
const INDEX = 94_567;
const LENGTH = 131_072;

describe('status: Bitstring Status List entries, checked fail-closed', () => {
  const documentLoader = createDocumentLoader();
  let did: string;
  let signer: CredentialSigner;
  let stranger: CredentialSigner;

  const signedList = async (
    purpose: StatusPurpose,
    url: string,
    setIndexes: number[],
    options: { by?: CredentialSigner; issuer?: string; validUntil?: Date } = {},
  ) =>
    signCredential({
      credential: await buildStatusListCredential({
        url,
        issuer: options.issuer ?? did,
        purpose,
        length: LENGTH,
        setIndexes,
        validFrom: SIGNED_AT,
        validUntil: options.validUntil ?? new Date(VERIFIED_AT.getTime() + 900_000),
      }),
      signer: options.by ?? signer,
      documentLoader,
      now: SIGNED_AT,
    });

  const credentialWith = (purposes: StatusPurpose[]) =>
    signCredential({
      credential: buildLevelCredential(
        levelCredentialInput(did, {
          status: purposes.map((purpose) => ({
            purpose,
            listUrl: purpose === 'revocation' ? REVOCATION_URL : SUSPENSION_URL,
            index: INDEX,
          })),
        }),
      ),
      signer,
      documentLoader,
      now: SIGNED_AT,
    });

  const verify = (credential: unknown, lists: Record<string, unknown> | undefined) =>
    verifyCredential({
      credential,
      documentLoader,
      now: VERIFIED_AT,
      ...(lists !== undefined && {
        loadStatusList: (url: string) =>
          url in lists ? Promise.resolve(lists[url]) : Promise.reject(new Error('HTTP 404')),
      }),
    });

  beforeAll(async () => {
    const key = await generateEd25519Key();
    const ids = didKeyIdentifiers(key.publicKeyMultibase);
    did = ids.did;
    signer = createEd25519Signer(key, ids.verificationMethodId);
    const other = await generateEd25519Key();
    stranger = createEd25519Signer(other, didKeyIdentifiers(other.publicKeyMultibase).verificationMethodId);
  });

  it('writes one BitstringStatusListEntry object, so the credential keeps to the OB 3.0 schema', async () => {
    const credential = await credentialWith(['revocation']);
    expect(credential.credentialStatus).toEqual({
      id: `${REVOCATION_URL}#${INDEX}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(INDEX),
      statusListCredential: REVOCATION_URL,
    });
    expect(validateOpenBadgeSchema(credential)).toEqual({ valid: true, errors: [] });
  });

  it('reports active while the bit is clear, and revoked once it is set', async () => {
    const credential = await credentialWith(['revocation']);
    const active = await verify(credential, {
      [REVOCATION_URL]: await signedList('revocation', REVOCATION_URL, [1, 2]),
    });
    expect(active).toMatchObject({ verified: true, status: 'active' });

    const revoked = await verify(credential, {
      [REVOCATION_URL]: await signedList('revocation', REVOCATION_URL, [INDEX]),
    });
    expect(revoked).toMatchObject({ verified: false, status: 'revoked' });
    expect(revoked.checks.find((c) => c.check === 'status')?.message).toMatch(/revoked/);
    expect(revoked.checks.filter((c) => !c.ok).map((c) => c.check)).toEqual(['status']);
  });

  it('keeps a proven list for the next credential, but never past its validity', async () => {
    const credential = await credentialWith(['revocation']);
    const list = await signedList('revocation', REVOCATION_URL, [1]);
    const loadStatusList = (url: string) =>
      url === REVOCATION_URL ? Promise.resolve(structuredClone(list)) : Promise.reject(new Error('HTTP 404'));
    const at = (now: Date) => verifyCredential({ credential, documentLoader, now, loadStatusList });
    expect(await at(VERIFIED_AT)).toMatchObject({ verified: true, status: 'active' });
    // The same list, now cached: still checked against the clock, so it fails closed once expired.
    const later = await at(new Date(VERIFIED_AT.getTime() + 3_600_000));
    expect(later.status).toBe('unknown');
    expect(later.checks.find((c) => c.check === 'status')?.message).toMatch(/out of date/);
    // Tampered after it was cached: another content, proven again, and refused.
    const subject = list.credentialSubject as Record<string, unknown>;
    const tampered = { ...list, credentialSubject: { ...subject, encodedList: `${String(subject.encodedList)}A` } };
    const forged = await verifyCredential({
      credential,
      documentLoader,
      now: VERIFIED_AT,
      loadStatusList: () => Promise.resolve(tampered),
    });
    expect(forged.status).toBe('unknown');
  });

  it('reads a second, suspension entry where the deployment adds one', async () => {
    const credential = await credentialWith(['revocation', 'suspension']);
    expect(credential.credentialStatus).toHaveLength(2);
    const lists = {
      [REVOCATION_URL]: await signedList('revocation', REVOCATION_URL, []),
      [SUSPENSION_URL]: await signedList('suspension', SUSPENSION_URL, [INDEX]),
    };
    expect(await verify(credential, lists)).toMatchObject({ verified: false, status: 'suspended' });
    lists[SUSPENSION_URL] = await signedList('suspension', SUSPENSION_URL, []);
    expect(await verify(credential, lists)).toMatchObject({ verified: true, status: 'active' });
  });

  it.each([
    ['no way to fetch lists', undefined, /cannot be fetched here/],
    ['a list that cannot be fetched', {}, /could not be fetched \(HTTP 404\)/],
  ])('fails closed with %s', async (_name, lists, message) => {
    const report = await verify(await credentialWith(['revocation']), lists);
    expect(report).toMatchObject({ verified: false, status: 'unknown' });
    expect(report.checks.find((c) => c.check === 'status')?.message).toMatch(message);
  });

  it('accepts a list signed during the verification, but not one that starts well in the future', async () => {
    const credential = await credentialWith(['revocation']);
    const signedAt = async (validFrom: Date) =>
      signCredential({
        credential: await buildStatusListCredential({
          url: REVOCATION_URL,
          issuer: did,
          purpose: 'revocation',
          length: LENGTH,
          setIndexes: [],
          validFrom,
          validUntil: new Date(validFrom.getTime() + 900_000),
        }),
        signer,
        documentLoader,
        now: validFrom,
      });
    const soon = await signedAt(new Date(VERIFIED_AT.getTime() + 1000));
    expect(await verify(credential, { [REVOCATION_URL]: soon })).toMatchObject({ verified: true, status: 'active' });
    const later = await signedAt(new Date(VERIFIED_AT.getTime() + 3_600_000));
    expect(await verify(credential, { [REVOCATION_URL]: later })).toMatchObject({ verified: false, status: 'unknown' });
  });

  it('fails closed when the list is expired, tampered with, for another purpose, or not the issuer’s', async () => {
    const credential = await credentialWith(['revocation']);
    const tampered = await signedList('revocation', REVOCATION_URL, [INDEX]);
    const clear = await buildStatusListCredential({
      url: REVOCATION_URL,
      issuer: did,
      purpose: 'revocation',
      length: LENGTH,
      setIndexes: [],
      validFrom: SIGNED_AT,
      validUntil: new Date(VERIFIED_AT.getTime() + 900_000),
    });
    tampered.credentialSubject = clear.credentialSubject; // a revoked bit quietly cleared
    const cases: [unknown, RegExp][] = [
      [
        await signedList('revocation', REVOCATION_URL, [], { validUntil: new Date(VERIFIED_AT.getTime() - 1000) }),
        /expired/,
      ],
      [tampered, /not validly signed/],
      [await signedList('suspension', REVOCATION_URL, []), /is for suspension, not revocation/],
      [
        await signedList('revocation', REVOCATION_URL, [], { by: stranger, issuer: stranger.id.split('#')[0] }),
        /not issued by the credential's issuer/,
      ],
      [
        await signedList('revocation', REVOCATION_URL, [], { by: stranger }),
        /not validly signed|not signed with a key of its issuer/,
      ],
    ];
    for (const [list, message] of cases) {
      const report = await verify(credential, { [REVOCATION_URL]: list });
      expect(report.verified).toBe(false);
      expect(report.status).toBe('unknown');
      expect(report.checks.find((c) => c.check === 'status')?.message).toMatch(message);
    }
  });
});
