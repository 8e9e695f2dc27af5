import { Type, type Static } from '@sinclair/typebox';

export const ErrorSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:attain:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable, machine-readable error code' }),
    instance: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
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
      status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
    }),
  ),
});

export const VerifyBodySchema = Type.Object({
  verifiableCredential: Type.Unknown(),
  options: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

export const VerifyResponseSchema = Type.Object({
  verified: Type.Boolean(),
  credentialId: Type.Optional(Type.String()),
  issuer: Type.Optional(Type.String()),
  status: Type.Optional(
    Type.Union(
      ['active', 'revoked', 'suspended', 'none', 'unknown'].map((v) => Type.Literal(v)),
      {
        description: "What the issuer's status lists say; unknown when they could not be checked",
      },
    ),
  ),
  checks: Type.Array(Type.Object({ check: Type.String(), ok: Type.Boolean(), message: Type.String() })),
});
