import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const ErrorSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:attain:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable, machine-readable error code' }),
    instance: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
    limit: Type.Optional(
      Type.Object(
        { name: Type.String(), max: Type.Number(), actual: Type.Optional(Type.Number()) },
        { description: 'The verification limit a refused document broke' },
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

export const AssessmentResultSchema = Type.Object(
  {
    eventId: Type.String({
      minLength: 1,
      maxLength: 256,
      description: "The LMS's id for this result; replays are acknowledged",
    }),
    learner: Type.Object(
      {
        id: Type.String({ minLength: 1, maxLength: 256, description: "The learner's id in the LMS" }),
        email: Type.String({ format: 'email', maxLength: 320 }),
        name: Type.String({ minLength: 1, maxLength: 256 }),
      },
      { additionalProperties: false },
    ),
    activityId: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'Assessment or activity id, mapped to statements',
    }),
    score: Type.Optional(
      Type.Object(
        {
          scaled: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          raw: Type.Optional(Type.Number()),
          min: Type.Optional(Type.Number()),
          max: Type.Optional(Type.Number()),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
    passed: Type.Optional(Type.Boolean()),
    completedAt: Type.String({ format: 'date-time', description: 'RFC 3339 with a time zone' }),
  },
  { additionalProperties: false },
);
export type AssessmentResult = Static<typeof AssessmentResultSchema>;

/**
 * A string from a fixed list. Written as `enum`, not a union of literals: fast-json-stringify
 * serialises a union (anyOf) by running ajv on every value, which showed in the verify profile.
 */
const OneOf = (values: readonly string[], options: { description?: string } = {}) =>
  Type.String({ enum: [...values], ...options });

export const IngestBodySchema = Type.Union([
  AssessmentResultSchema,
  Type.Array(AssessmentResultSchema, { minItems: 1, description: 'A batch: all or nothing' }),
]);

export const IngestResponseSchema = Type.Object({
  accepted: Type.Integer({ description: 'Results stored by this request' }),
  duplicates: Type.Integer({ description: 'Results already stored earlier (or twice in this batch)' }),
  results: Type.Array(
    Type.Object({
      eventId: Type.String(),
      id: Type.String(),
      status: OneOf(['accepted', 'duplicate']),
    }),
  ),
});

export const VerifyBodySchema = Type.Object({
  verifiableCredential: Type.Unknown(),
  options: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

const Text = Type.String();
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);

/** The verification result (issue 13): both POST /credentials/verify and POST /verify/check answer it. */
export const VerifyResponseSchema = Type.Object({
  verified: Type.Boolean({ description: 'Every check passed' }),
  verifiedAt: Type.String({ description: "ISO 8601: the server's clock when it checked" }),
  state: OneOf(['valid', 'expired', 'not-yet-valid', 'suspended', 'revoked', 'invalid'], {
    description: 'One verdict for people: genuine and in force, genuine but not in force, or invalid',
  }),
  checks: Type.Array(
    Type.Object({
      check: OneOf(['structure', 'signature', 'issuer', 'validity', 'status']),
      ok: Type.Boolean({ description: "outcome === 'passed'" }),
      outcome: OneOf(['passed', 'failed', 'not-checked'], {
        description: 'not-checked: issuer, validity and status when the structure or signature failed',
      }),
      message: Text,
    }),
  ),
  credentialId: Opt(Text),
  issuer: Opt(Type.String({ description: "The issuer's DID as the credential states it" })),
  status: Opt(
    OneOf(['active', 'revoked', 'suspended', 'none', 'unknown'], {
      description: "What the issuer's status lists say; unknown when they could not be checked",
    }),
  ),
  statusDetail: Opt(
    Type.Object(
      { since: Text, reason: Opt(Text) },
      { description: "This service's record of a revocation or suspension of a credential it issued" },
    ),
  ),
  validFrom: Opt(Text),
  validUntil: Opt(Text),
  issuerProfile: Opt(
    Type.Object(
      {
        id: Text,
        name: Text,
        url: Opt(Text),
        image: Opt(Text),
        page: Type.String({ description: '/issuers/<slug>' }),
        recognised: Type.Literal(true),
      },
      { description: 'Only for an issuer of this service; never a foreign issuer’s self-asserted name' },
    ),
  ),
  recipient: Opt(
    Type.Object({
      name: Opt(Type.String({ description: 'Only for credentials this service issued: the recorded name' })),
      identity: Opt(Type.Object({ identityType: Text, hashed: Type.Boolean(), identityHash: Text, salt: Opt(Text) })),
    }),
  ),
  badge: Opt(Type.Object({ page: Text, image: Text, level: Opt(Text) })),
  summary: Opt(
    Type.Object({
      name: Opt(Text),
      issuer: Opt(Text),
      framework: Opt(Text),
      validFrom: Opt(Text),
      validUntil: Opt(Text),
      statements: Type.Array(Type.Object({ code: Text, text: Text, url: Opt(Text) })),
      source: Type.String({ description: "'JSON', 'a baked PNG image', 'a baked SVG image' or 'a link'" }),
    }),
  ),
});
