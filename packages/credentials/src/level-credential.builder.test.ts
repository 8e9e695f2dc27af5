import { describe, expect, it } from 'vitest';
import { InvalidCredentialError } from './credential-errors.js';
import { hashIdentity } from './identity-hash.js';
import { levelCredentialInput } from './level-credential.fixture.js';
import { buildLevelCredential } from './level-credential.builder.js';
import { validateOpenBadgeSchema } from './open-badge-schema.validator.js';

const ISSUER = 'did:web:attain.example';
const LEVELS = 'https://attain.example/frameworks/41-3031.00/v.26.05/levels';

// Typed views into the built document, for readable assertions.
interface Built {
  validFrom: string;
  issuer: Record<string, unknown>;
  credentialSubject: {
    identifier: Record<string, unknown>[];
    result: Record<string, unknown>[];
    achievement: {
      alignment: Record<string, unknown>[];
      criteria: { narrative: string };
      resultDescription: { id: string; requiredLevel: string; rubricCriterionLevel: Record<string, unknown>[] }[];
    };
  };
}

describe('buildLevelCredential', () => {
  const input = levelCredentialInput(ISSUER);
  const credential = buildLevelCredential(input);
  const built = credential as unknown as Built;

  it('is an OpenBadgeCredential in VC 2.0 + OB 3.0.3 that the OB 3.0 schema accepts', () => {
    expect(credential).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: input.id,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Developing — Securities, Commodities, and Financial Services Sales Agents',
      validFrom: '2026-05-01T09:30:00Z',
      awardedDate: '2026-05-01T09:30:00Z',
    });
    expect(credential).not.toHaveProperty('validUntil');
    expect(validateOpenBadgeSchema(credential)).toEqual({ valid: true, errors: [] });
  });

  it('names the issuer with a Profile', () => {
    expect(built.issuer).toEqual({
      id: ISSUER,
      type: ['Profile'],
      name: 'Attain Test Academy',
      url: 'https://attain.example',
      email: 'credentials@attain.example',
      image: { id: 'https://attain.example/logo.png', type: 'Image' },
    });
    const minimal = buildLevelCredential(levelCredentialInput(ISSUER, { issuer: { id: ISSUER, name: 'Bare' } }));
    expect(minimal.issuer).toEqual({ id: ISSUER, type: ['Profile'], name: 'Bare' });
  });

  it('identifies the learner only by a salted hash of the e-mail', () => {
    expect(built.credentialSubject.identifier).toEqual([
      {
        type: 'IdentityObject',
        identityHash: hashIdentity('learner@example.com', '3f9c1a7e5b2d4c68'),
        identityType: 'emailAddress',
        hashed: true,
        salt: '3f9c1a7e5b2d4c68',
      },
    ]);
    expect(JSON.stringify(credential).toLowerCase()).not.toContain('learner@example.com');
  });

  it('aligns the achievement with each statement of the level', () => {
    expect(built.credentialSubject.achievement).toMatchObject({
      id: `${LEVELS}/developing`,
      type: ['Achievement'],
      achievementType: 'Competency',
    });
    expect(built.credentialSubject.achievement.alignment).toEqual(
      input.level.statements.map((statement) => ({
        type: ['Alignment'],
        targetName: statement.text,
        targetUrl: statement.url,
        targetCode: statement.code,
        targetFramework: 'Securities, Commodities, and Financial Services Sales Agents (41-3031.00) v.26.05',
        targetType: 'ext:FrameworkStatement',
      })),
    );
    for (const statement of input.level.statements) {
      expect(built.credentialSubject.achievement.criteria.narrative).toContain(`${statement.code}: ${statement.text}`);
    }
  });

  it('carries all framework levels, ranked, and points the result at the level reached', () => {
    const [rubric] = built.credentialSubject.achievement.resultDescription;
    expect(rubric?.rubricCriterionLevel).toEqual([
      { id: `${LEVELS}/developing#level-emerging`, type: ['RubricCriterionLevel'], name: 'Emerging', level: '1' },
      { id: `${LEVELS}/developing#level-developing`, type: ['RubricCriterionLevel'], name: 'Developing', level: '2' },
      { id: `${LEVELS}/developing#level-proficient`, type: ['RubricCriterionLevel'], name: 'Proficient', level: '3' },
      { id: `${LEVELS}/developing#level-expert`, type: ['RubricCriterionLevel'], name: 'Expert', level: '4' },
    ]);
    expect(rubric?.requiredLevel).toBe(`${LEVELS}/developing#level-developing`);
    expect(built.credentialSubject.result).toEqual([
      {
        type: ['Result'],
        resultDescription: `${LEVELS}/developing#result-description`,
        achievedLevel: `${LEVELS}/developing#level-developing`,
      },
    ]);
    expect(rubric?.id).toBe(`${LEVELS}/developing#result-description`);
  });

  it('uses resultDescriptionBaseUrl for the rubric ids when given', () => {
    const rubricUrl = 'https://attain.example/frameworks/41-3031.00/v.26.05/rubric';
    const other = buildLevelCredential(
      levelCredentialInput(ISSUER, { resultDescriptionBaseUrl: rubricUrl }),
    ) as unknown as Built;
    expect(other.credentialSubject.result).toEqual([
      { type: ['Result'], resultDescription: rubricUrl, achievedLevel: `${rubricUrl}#developing` },
    ]);
    expect(other.credentialSubject.achievement.resultDescription[0]?.rubricCriterionLevel[0]).toMatchObject({
      id: `${rubricUrl}#emerging`,
    });
  });

  it('writes dates in UTC to the second, and validUntil when given', () => {
    const dated = buildLevelCredential(
      levelCredentialInput(ISSUER, {
        validFrom: new Date('2026-05-01T11:30:00.789+02:00'),
        validUntil: new Date('2029-05-01T00:00:00Z'),
      }),
    );
    expect(dated).toMatchObject({ validFrom: '2026-05-01T09:30:00Z', validUntil: '2029-05-01T00:00:00Z' });
  });

  it('lists the evidence, and omits it when there is none', () => {
    expect(credential.evidence).toEqual([
      {
        id: 'https://attain.example/events/0b7d2e',
        type: ['Evidence'],
        name: 'Observed client meeting',
        narrative: 'Assessed by a supervisor on 2026-04-28.',
      },
    ]);
    expect(buildLevelCredential(levelCredentialInput(ISSUER, { evidence: [] }))).not.toHaveProperty('evidence');
  });

  it('refuses a level that is not among the framework levels', () => {
    const input = levelCredentialInput(ISSUER);
    const stray = { ...input, levels: input.levels.filter((level) => level.key !== 'developing') };
    expect(() => buildLevelCredential(stray)).toThrow(InvalidCredentialError);
  });
});
