import { crc32, deflateSync } from 'node:zlib';
import { PNG_CREDENTIAL_KEYWORD } from '@attain/badges';
import { createEd25519Signer, didKeyIdentifiers, generateEd25519Key } from '@attain/credentials';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem } from '../support/test-system.js';

// Each attack of issue 13, against the running API: refused before any JSON-LD work with a problem
// naming the limit, or (forged proofs) not verified.

type Json = Record<string, unknown>;
const V2 = 'https://www.w3.org/ns/credentials/v2';

interface Answer {
  statusCode: number;
  body: Json & { code?: string; limit?: Json; checks?: { check: string; ok: boolean; outcome?: string }[] };
}

/** A PNG (1×1, grey) carrying one iTXt chunk of the credential keyword: compressed or not. */
function pngWithItxt(text: Buffer, compressed: boolean): Buffer {
  const chunk = (name: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(name, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const itxt = Buffer.concat([
    Buffer.from(PNG_CREDENTIAL_KEYWORD, 'latin1'),
    Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]),
    compressed ? deflateSync(text, { level: 9 }) : text,
  ]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('iTXt', itxt),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('verification refuses hostile input cheaply and judges proof sets strictly', () => {
  let system: TestSystem;
  let credential: Json;

  beforeAll(async () => {
    system = await TestSystem.start();
    credential = await system.issueFirstLevel({ id: 'h-1', email: 'hostile@brokerage.example', name: 'H' });
  });
  afterAll(async () => {
    await system.close();
  });

  const post = async (url: string, payload: unknown, contentType = 'application/json'): Promise<Answer> => {
    const response = await system.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': contentType },
      payload: Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
    });
    return { statusCode: response.statusCode, body: response.json<Answer['body']>() };
  };
  const verify = (verifiableCredential: unknown) => post('/credentials/verify', { verifiableCredential });
  const proofOf = (c: Json): Json => (Array.isArray(c.proof) ? (c.proof[0] as Json) : (c.proof as Json));

  it('verifies the genuine credential (the attacks below start from it)', async () => {
    expect(await verify(credential)).toMatchObject({ statusCode: 200, body: { verified: true } });
  });

  it('refuses a @context that repeats the VC 2.0 context 400 times', async () => {
    const repeated = { ...credential, '@context': Array.from({ length: 400 }, () => V2) };
    expect(await verify(repeated)).toMatchObject({
      statusCode: 400,
      body: { code: 'verification_limit', limit: { name: 'contexts', max: 8, actual: 400 } },
    });
    // Within the count, a repeat is still refused: each costs a full context processing.
    const twice = { ...credential, '@context': [...(credential['@context'] as string[]), V2] };
    expect(await verify(twice)).toMatchObject({
      statusCode: 400,
      body: { code: 'context_not_allowed', limit: { name: 'duplicateContexts', max: 0, actual: 1 } },
    });
  });

  it('refuses inline contexts that import or nest, and contexts it does not bundle, anywhere in the document', async () => {
    const inline = { ...credential, '@context': [V2, { '@import': 'https://evil.example/ctx' }] };
    expect(await verify(inline)).toMatchObject({
      statusCode: 400,
      body: { code: 'context_not_allowed', limit: { name: 'inlineContexts', max: 0 } },
    });
    const nested = { ...credential, credentialSubject: { '@context': 'https://evil.example/ctx', id: 'x' } };
    expect(await verify(nested)).toMatchObject({
      statusCode: 400,
      body: { code: 'context_not_allowed', limit: { name: 'unknownContexts' } },
    });
  });

  it('refuses 2,000 repeated credentialStatus entries and 2,000 repeated proofs', async () => {
    const repeat = (field: string, value: unknown, n: number) => ({
      ...credential,
      [field]: Array.from({ length: n }, () => value),
    });
    // 2,000 of either is more than the body limit of the public endpoints: refused unread.
    for (const [field, value] of [
      ['credentialStatus', credential.credentialStatus],
      ['proof', proofOf(credential)],
    ] as const) {
      expect(await verify(repeat(field, value, 2000))).toMatchObject({
        statusCode: 413,
        body: { code: 'verification_limit', limit: { name: 'bodyBytes', max: 256 * 1024 } },
      });
      const answer = await verify(repeat(field, value, 200));
      expect(answer).toMatchObject({
        statusCode: 400,
        body: { code: 'verification_limit', limit: { name: field, max: 4, actual: 200 } },
      });
      expect(answer.body.detail).toContain(`at most 4 ${field}`);
    }
  });

  it('refuses a body over 256 KiB before reading it, as a size limit (413)', async () => {
    const huge = { ...credential, description: 'x'.repeat(300 * 1024) };
    expect(await verify(huge)).toMatchObject({
      statusCode: 413,
      body: { code: 'verification_limit', limit: { name: 'bodyBytes', max: 256 * 1024 } },
    });
    // Under the body limit but over the credential's own size limit: also 413.
    const large = { ...credential, description: 'x'.repeat(30 * 1024), name: 'y'.repeat(30 * 1024) };
    expect(await verify(large)).toMatchObject({
      statusCode: 413,
      body: { code: 'verification_limit', limit: { name: 'credentialBytes', max: 64 * 1024 } },
    });
  });

  it('refuses a baked PNG whose credential inflates past 256 KiB (6 MB of [[[...]]] in a few KB)', async () => {
    const bomb = pngWithItxt(Buffer.from('['.repeat(6 * 1024 * 1024)), true);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await post('/verify/check', bomb, 'image/png')).toMatchObject({
      statusCode: 413,
      body: { code: 'verification_limit', limit: { name: 'bakedTextBytes', max: 256 * 1024 } },
    });
  });

  it('gives a baked credential the checks a JSON body gets: NUL, lone surrogates, nesting', async () => {
    const withNul = pngWithItxt(Buffer.from(JSON.stringify({ ...credential, name: 'a\u0000b' })), false);
    expect(await post('/verify/check', withNul, 'image/png')).toMatchObject({
      statusCode: 400,
      body: { code: 'invalid_text' },
    });
    const surrogate = pngWithItxt(
      Buffer.from(JSON.stringify({ ...credential }).replace('"name":"', '"name":"\\ud800')),
      true,
    );
    expect(await post('/verify/check', surrogate, 'image/png')).toMatchObject({
      statusCode: 400,
      body: { code: 'invalid_text' },
    });
    const deep = pngWithItxt(Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`), true);
    expect(await post('/verify/check', deep, 'image/png')).toMatchObject({
      statusCode: 400,
      body: { code: 'too_deep' },
    });
  });

  it('does not verify a genuine proof beside a second proof with a forged proofValue', async () => {
    const genuine = proofOf(credential);
    const signature = String(genuine.proofValue);
    const forgedValue = `${signature.slice(0, -4)}${signature.slice(-4) === '1111' ? '2222' : '1111'}`;
    const twoProofs = { ...credential, proof: [genuine, { ...genuine, proofValue: forgedValue }] };
    const answer = await verify(twoProofs);
    expect(answer.statusCode).toBe(422);
    expect(answer.body).toMatchObject({ verified: false, state: 'invalid' });
    expect(answer.body.checks?.find((c) => c.check === 'signature')).toMatchObject({ ok: false, outcome: 'failed' });
    expect(answer.body.checks?.filter((c) => c.outcome === 'not-checked').map((c) => c.check)).toEqual([
      'issuer',
      'validity',
      'status',
    ]);
    // Either order: the set fails as a whole.
    expect((await verify({ ...twoProofs, proof: [twoProofs.proof[1], genuine] })).statusCode).toBe(422);
  });

  describe('presentations', () => {
    const presentation = (holder: string): Json => ({
      '@context': [V2],
      type: ['VerifiablePresentation'],
      holder,
      verifiableCredential: [credential],
    });
    const party = async () => {
      const key = await generateEd25519Key();
      const ids = didKeyIdentifiers(key.publicKeyMultibase);
      const suite = new DataIntegrityProof({ signer: createEd25519Signer(key, ids.verificationMethodId), cryptosuite });
      return { ...ids, suite };
    };
    const sign = (content: Json, suite: unknown, challenge: string) =>
      vc.signPresentation({
        presentation: structuredClone(content),
        suite,
        documentLoader: system.runtime.issuer.documentLoader,
        challenge,
      });
    const check = (verifiablePresentation: unknown, challenge: string) =>
      post('/presentations/verify', { verifiablePresentation, options: { challenge } });
    const failed = (answer: Answer) => answer.body.checks?.filter((c) => !c.ok).map((c) => c.check);

    it('does not let a garbage proof naming the victim’s key make the victim its holder', async () => {
      const [victim, attacker] = [await party(), await party()];
      const signed = await sign(presentation(victim.did), attacker.suite, 'c-1');
      const attackerProof = proofOf(signed);
      const garbage = { ...attackerProof, verificationMethod: victim.verificationMethodId, proofValue: 'z1111' };
      const answer = await check({ ...signed, proof: [attackerProof, garbage] }, 'c-1');
      expect(answer.statusCode).toBe(422);
      expect(failed(answer)).toEqual(['proof', 'holder']);
      expect(JSON.stringify(answer.body)).not.toContain('Presented by its holder');
      // The attacker's own proof alone: valid, but not the holder's.
      expect(failed(await check(signed, 'c-1'))).toEqual(['holder']);
    });

    it('does not verify the victim’s presentation for challenge A plus the attacker’s proof for challenge B', async () => {
      const [victim, attacker] = [await party(), await party()];
      const content = presentation(victim.did);
      const forA = await sign(content, victim.suite, 'challenge-A');
      const forB = await sign(content, attacker.suite, 'challenge-B');
      expect(await check(forA, 'challenge-A')).toMatchObject({ statusCode: 200, body: { verified: true } });
      const spliced = { ...forA, proof: [proofOf(forA), proofOf(forB)] };
      const answer = await check(spliced, 'challenge-B');
      expect(answer.statusCode).toBe(422);
      // The victim's proof does not verify for B; the one that does is the attacker's, not the holder's.
      expect(failed(answer)).toEqual(['proof', 'holder']);
    });

    it('holds a presentation and each credential in it to the limits', async () => {
      const holder = await party();
      const signed = await sign(presentation(holder.did), holder.suite, 'c-2');
      const manyProofs = { ...signed, proof: Array.from({ length: 5 }, () => proofOf(signed)) };
      expect(await check(manyProofs, 'c-2')).toMatchObject({
        statusCode: 400,
        body: { code: 'verification_limit', limit: { name: 'proof', max: 4, actual: 5 } },
      });
      const inner = { ...credential, credentialStatus: Array.from({ length: 5 }, () => credential.credentialStatus) };
      expect(await check({ ...signed, verifiableCredential: [inner] }, 'c-2')).toMatchObject({
        statusCode: 400,
        body: { code: 'verification_limit', limit: { name: 'credentialStatus', max: 4, actual: 5 } },
      });
    });
  });
});
