import { describe, expect, it } from 'vitest';
import type { AnyCredentialFormat, CredentialFormat } from './credential-format.js';
import {
  createCredentialFormatRegistry,
  credentialFormats,
  CredentialFormatRegistryError,
  UnknownCredentialFormatError,
} from './credential-format-registry.js';
import { CREDENTIAL_FORMATS } from './formats/credential-formats.js';
import { ob3LevelFormat } from './formats/ob3-level/ob3-level.format.js';

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

const format = (name: string, contexts: readonly string[] = [VC_V2]): CredentialFormat<{ id: string }> => ({
  name,
  contexts,
  build: (input) => ({ '@context': [...contexts], id: input.id, type: ['VerifiableCredential'] }),
  check: () => ({ valid: true, errors: [] }),
});

describe('credential format registry', () => {
  it('registers the OB 3.0 level credential, each name once', () => {
    expect(credentialFormats.names).toEqual(['ob3-level']);
    expect(new Set(CREDENTIAL_FORMATS.map((f) => f.name)).size).toBe(CREDENTIAL_FORMATS.length);
    expect(credentialFormats.get('ob3-level')).toBe(ob3LevelFormat);
    expect(credentialFormats.has('ob3-level')).toBe(true);
  });

  it('refuses a format registered twice, or a malformed name', () => {
    const formats: AnyCredentialFormat[] = [format('ob3-level'), format('clr-transcript'), format('ob3-level')];
    expect(() => createCredentialFormatRegistry(formats)).toThrow(
      new CredentialFormatRegistryError("credential format 'ob3-level' is registered twice"),
    );
    for (const name of ['', 'OB3', 'holder bound', 'x'.repeat(41), '-x'])
      expect(() => createCredentialFormatRegistry([format(name)])).toThrow(CredentialFormatRegistryError);
    expect(createCredentialFormatRegistry([format('ob3-holder-bound')]).names).toEqual(['ob3-holder-bound']);
  });

  it('refuses a format whose contexts are not all bundled, since nothing is fetched at run time', () => {
    const clr = format('clr-transcript', [VC_V2, 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json']);
    expect(() => createCredentialFormatRegistry([clr])).toThrow(
      new CredentialFormatRegistryError(
        "credential format 'clr-transcript' needs contexts that are not bundled: https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
      ),
    );
  });

  it('refuses an unknown name', () => {
    expect(credentialFormats.has('clr-transcript')).toBe(false);
    expect(() => credentialFormats.get('clr-transcript')).toThrow(UnknownCredentialFormatError);
    expect(() => credentialFormats.get('clr-transcript')).toThrow(
      "no credential format named 'clr-transcript' is registered (known: ob3-level)",
    );
    expect(() => credentialFormats.get('OB3-level')).toThrow(UnknownCredentialFormatError);
  });
});
