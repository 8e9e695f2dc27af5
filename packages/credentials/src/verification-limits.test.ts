import { describe, expect, it } from 'vitest';
import { OB_V3_CONTEXT, VC_EXAMPLES_V2_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import { assertWithinVerificationLimits, CREDENTIAL_LIMITS } from './verification-limits.js';

const credential = (extra: Record<string, unknown> = {}) => ({
  '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
  type: ['VerifiableCredential'],
  credentialSubject: { id: 'did:example:1' },
  proof: { type: 'DataIntegrityProof' },
  ...extra,
});
const refusal = (document: unknown, kind: 'credential' | 'presentation' = 'credential') => {
  try {
    assertWithinVerificationLimits(document, kind);
    return undefined;
  } catch (error) {
    const { code, limit, tooLarge } = error as { code: string; limit: unknown; tooLarge: boolean };
    return { code, limit, tooLarge };
  }
};

describe('assertWithinVerificationLimits', () => {
  it('accepts a credential within every limit, and the W3C examples context', () => {
    expect(refusal(credential())).toBeUndefined();
    expect(refusal(credential({ '@context': [VC_V2_CONTEXT, VC_EXAMPLES_V2_CONTEXT] }))).toBeUndefined();
    expect(refusal('not an object')).toBeUndefined(); // the structure check answers that
  });

  it('names each limit it refuses', () => {
    const five = (value: unknown) => Array.from({ length: 5 }, () => value);
    expect(refusal(credential({ proof: five({}) }))).toEqual({
      code: 'verification_limit',
      limit: { name: 'proof', max: 4, actual: 5 },
      tooLarge: false,
    });
    expect(refusal(credential({ credentialStatus: five({}) }))?.limit).toEqual({
      name: 'credentialStatus',
      max: 4,
      actual: 5,
    });
    expect(refusal(credential({ evidence: Array.from({ length: 17 }, () => ({})) }))?.limit).toEqual({
      name: 'evidence',
      max: 16,
      actual: 17,
    });
    expect(refusal(credential({ '@context': Array.from({ length: 9 }, () => VC_V2_CONTEXT) }))?.limit).toEqual({
      name: 'contexts',
      max: 8,
      actual: 9,
    });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20; i++) deep = { nested: deep };
    expect(refusal(credential({ deep }))?.limit).toEqual({ name: 'depth', max: 16 });
    expect(refusal(credential({ many: Array.from({ length: 2000 }, (_, i) => i) }))?.limit).toEqual({
      name: 'values',
      max: CREDENTIAL_LIMITS.values,
    });
    expect(refusal(credential({ name: 'x'.repeat(40_000) }))?.limit).toEqual({
      name: 'stringLength',
      max: 32 * 1024,
      actual: 40_000,
    });
    const big = credential({ a: 'x'.repeat(30_000), b: 'x'.repeat(30_000), c: 'x'.repeat(10_000) });
    expect(refusal(big)).toMatchObject({ limit: { name: 'credentialBytes', max: 65_536 }, tooLarge: true });
  });

  it('allows bundled contexts by URL, each once, and small flat inline contexts, anywhere in the document', () => {
    expect(refusal(credential({ '@context': [VC_V2_CONTEXT, VC_V2_CONTEXT] }))).toMatchObject({
      code: 'context_not_allowed',
      limit: { name: 'duplicateContexts', max: 0, actual: 1 },
    });
    // Small flat inline contexts are VC 2.0 (the W3C suite's presentations use them); what nests or imports is not.
    expect(
      refusal(credential({ '@context': [VC_V2_CONTEXT, { '@vocab': 'urn:x#', Alumni: 'urn:x#A' }] })),
    ).toBeUndefined();
    expect(
      refusal(credential({ '@context': [VC_V2_CONTEXT, { alumniOf: { '@id': 'urn:x#a', '@type': '@id' } }] })),
    ).toBeUndefined();
    const embedded = { '@context': { alumniOf: 'urn:x#alumniOf' } };
    expect(refusal(credential({ '@context': [VC_V2_CONTEXT, embedded] }))).toBeUndefined();
    const embeddedImport = { '@context': { '@import': 'https://example.org/ctx' } };
    expect(refusal(credential({ '@context': [VC_V2_CONTEXT, embeddedImport] }))).toMatchObject({
      limit: { name: 'inlineContexts' },
    });
    expect(
      refusal(credential({ '@context': [VC_V2_CONTEXT, { '@import': 'https://example.org/ctx' }] })),
    ).toMatchObject({
      code: 'context_not_allowed',
      limit: { name: 'inlineContexts' },
    });
    expect(
      refusal(credential({ '@context': [VC_V2_CONTEXT, { T: { '@id': 'urn:x#T', '@context': { a: 'urn:x#a' } } }] })),
    ).toMatchObject({ code: 'context_not_allowed', limit: { name: 'inlineContexts' } });
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`t${String(i)}`, `urn:x#${String(i)}`]));
    expect(refusal(credential({ '@context': [VC_V2_CONTEXT, many] }))).toMatchObject({
      code: 'verification_limit',
      limit: { name: 'inlineTerms', max: 32, actual: 33 },
    });
    expect(
      refusal(credential({ credentialSubject: { '@context': 'https://example.org/ctx', id: 'did:example:1' } })),
    ).toMatchObject({ code: 'context_not_allowed', limit: { name: 'unknownContexts', actual: 1 } });
  });

  it('holds a presentation and each credential in it to their limits', () => {
    const presentation = (inner: unknown[]) => ({
      '@context': [VC_V2_CONTEXT],
      type: ['VerifiablePresentation'],
      verifiableCredential: inner,
    });
    expect(refusal(presentation([credential(), credential()]), 'presentation')).toBeUndefined();
    expect(refusal(presentation(Array.from({ length: 5 }, () => credential())), 'presentation')?.limit).toEqual({
      name: 'verifiableCredential',
      max: 4,
      actual: 5,
    });
    const inner = credential({ proof: Array.from({ length: 5 }, () => ({})) });
    expect(refusal(presentation([inner]), 'presentation')?.limit).toEqual({ name: 'proof', max: 4, actual: 5 });
  });
});
