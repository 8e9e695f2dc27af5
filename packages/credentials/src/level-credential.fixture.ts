import type { LevelCredentialInput } from './level-credential.input.js';

// Test data only: one framework level with two statements, four framework levels.
const base = 'https://attain.example/frameworks/41-3031.00/v.26.05';

export function levelCredentialInput(
  issuerId: string,
  overrides: Partial<LevelCredentialInput> = {},
): LevelCredentialInput {
  return {
    id: 'urn:uuid:6f1c7a52-3b8e-4d21-9a57-0c2e8f4b9d13',
    issuer: {
      id: issuerId,
      name: 'Attain Test Academy',
      url: 'https://attain.example',
      email: 'credentials@attain.example',
      image: 'https://attain.example/logo.png',
    },
    framework: {
      id: '41-3031.00',
      title: 'Securities, Commodities, and Financial Services Sales Agents',
      version: 'v.26.05',
      url: base,
    },
    level: {
      key: 'developing',
      label: 'Developing',
      achievementId: `${base}/levels/developing`,
      statements: [
        {
          code: 'developing-1',
          text: 'Explains the risks of a product to a client in plain language.',
          url: `${base}/statements/developing-1`,
        },
        {
          code: 'developing-2',
          text: 'Records every client instruction accurately.',
          url: `${base}/statements/developing-2`,
        },
      ],
    },
    levels: [
      { key: 'emerging', label: 'Emerging' },
      { key: 'developing', label: 'Developing' },
      { key: 'proficient', label: 'Proficient' },
      { key: 'expert', label: 'Expert' },
    ],
    recipient: { email: 'Learner@Example.com', salt: '3f9c1a7e5b2d4c68' },
    evidence: [
      {
        id: 'https://attain.example/events/0b7d2e',
        name: 'Observed client meeting',
        narrative: 'Assessed by a supervisor on 2026-04-28.',
      },
    ],
    validFrom: new Date('2026-05-01T09:30:00Z'),
    awardedDate: new Date('2026-05-01T09:30:00Z'),
    ...overrides,
  };
}

export const SIGNED_AT = new Date('2026-05-01T09:31:00Z');
export const VERIFIED_AT = new Date('2026-06-15T12:00:00Z');
