import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidCredentialError } from '../../credential-errors.js';
import { buildLevelCredential } from '../../level-credential.builder.js';
import { levelCredentialInput } from '../../level-credential.fixture.js';
import { randomLevelCredentialInput, SeededRandom } from '../../level-credential.fuzz.js';
import { ob3LevelFormat, OB3_LEVEL_FORMAT } from './ob3-level.format.js';

const ISSUER = 'did:web:attain.example';
const NOW = new Date('2026-05-02T10:00:00.000Z');

/** The bytes a builder produces, or the error it throws: what the signer would be given. */
function outcome(build: () => Record<string, unknown>): string {
  try {
    return JSON.stringify(build());
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('the OB 3.0 level credential format', () => {
  it('is registered under its own name, with the VC 2.0 and OB 3.0.3 contexts its credentials carry', () => {
    expect(OB3_LEVEL_FORMAT).toBe('ob3-level');
    expect(ob3LevelFormat.contexts).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(ob3LevelFormat.build(levelCredentialInput(ISSUER), NOW)['@context']).toEqual(ob3LevelFormat.contexts);
  });

  it('builds byte for byte what buildLevelCredential built, whatever the clock says', () => {
    const input = levelCredentialInput(ISSUER);
    const built = JSON.stringify(ob3LevelFormat.build(input, NOW));
    expect(built).toBe(JSON.stringify(buildLevelCredential(input)));
    expect(JSON.stringify(ob3LevelFormat.build(input, new Date(0)))).toBe(built);
    // Pinned: the fixture's credential as the pipeline issued it before formats existed.
    expect(createHash('sha256').update(built).digest('hex')).toBe(
      'db63eaadb32ecd52ac97202651720d7dc16725ea84cbc7eadc85e0402f0f1500',
    );
  });

  it('matches buildLevelCredential on 200 random inputs, refusals included', () => {
    for (let index = 0; index < 200; index++) {
      const input = randomLevelCredentialInput(new SeededRandom(7_000 + index), ISSUER);
      expect(
        outcome(() => ob3LevelFormat.build(input, NOW)),
        `seed ${7_000 + index}`,
      ).toBe(outcome(() => buildLevelCredential(input)));
    }
    const input = levelCredentialInput(ISSUER);
    const stray = { ...input, levels: input.levels.filter((level) => level.key !== 'developing') };
    expect(() => ob3LevelFormat.build(stray, NOW)).toThrow(InvalidCredentialError);
  });

  it('its schema check accepts what it builds and refuses a broken credential', () => {
    const credential = ob3LevelFormat.build(levelCredentialInput(ISSUER), NOW);
    expect(ob3LevelFormat.check(credential)).toEqual({ valid: true, errors: [] });
    const { credentialSubject: _dropped, ...withoutSubject } = credential;
    expect(ob3LevelFormat.check(withoutSubject)).toEqual({
      valid: false,
      errors: ["/ must have required property 'credentialSubject'"],
    });
    expect(ob3LevelFormat.check({ ...credential, proof: { type: 'DataIntegrityProof' } })).toEqual({
      valid: false,
      errors: ['/proof must be array'],
    });
  });
});
