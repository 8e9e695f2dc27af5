// Test data only: a signed-looking OB 3.0 credential for one framework level, with nested arrays,
// non-ASCII text and a "]]>" that an SVG CDATA section cannot hold as it is.
const base = 'https://attain.example/frameworks/41-3031.00/v.26.05';

export const sampleCredential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:6f1c7a52-3b8e-4d21-9a57-0c2e8f4b9d13',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Proficient — Securities, Commodities, and Financial Services Sales Agents',
  issuer: { id: 'did:web:attain.example', type: ['Profile'], name: 'Académie Attain — 証券 研修' },
  validFrom: '2026-05-01T09:30:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    identifier: [
      { type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: 'sha256$3f9c1a7e' },
    ],
    achievement: {
      id: `${base}/levels/proficient`,
      type: ['Achievement'],
      achievementType: 'Competency',
      name: 'Développeur — 証券 (Proficient)',
      description: 'Uses markup-like text safely: <b>bold</b> & "quotes" and a CDATA end ]]> here.',
      criteria: { narrative: 'Two statements observed; notes in ✓ emoji 🎓 and "]]]]>" too.' },
      alignment: [
        { type: ['Alignment'], targetName: 'Explains product risk', targetUrl: `${base}/statements/proficient-1` },
        { type: ['Alignment'], targetName: 'Records instructions', targetUrl: `${base}/statements/proficient-2` },
      ],
    },
  },
  proof: [
    {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: '2026-05-01T09:31:00Z',
      verificationMethod: 'did:web:attain.example#key-1',
      proofPurpose: 'assertionMethod',
      proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UFUmBwMqG',
    },
  ],
};

/** The credential as an issuer would serve it: indented JSON, exactly these bytes. */
export const sampleCredentialJson = JSON.stringify(sampleCredential, null, 2);
