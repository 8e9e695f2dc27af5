import { Type, type Static } from '@sinclair/typebox';

// The xAPI 1.0.3 statement, as far as this LRS subset takes it: Agents as actors, Activities
// (or StatementRefs, for voiding) as objects. Unknown top-level properties are refused, as the
// specification requires; context, definitions and extensions are kept as they come.
const Iri = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[A-Za-z][A-Za-z0-9+.-]*:' });
const Uuid = Type.String({ format: 'uuid' });
const Open = Type.Object({}, { additionalProperties: true });

export const AgentSchema = Type.Object(
  {
    objectType: Type.Optional(Type.Literal('Agent')),
    name: Type.Optional(Type.String({ maxLength: 256 })),
    mbox: Type.Optional(Type.String({ pattern: '^mailto:[^@\\s]+@[^@\\s]+$', maxLength: 327 })),
    mbox_sha1sum: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{40}$' })),
    openid: Type.Optional(Iri),
    account: Type.Optional(
      Type.Object(
        { homePage: Iri, name: Type.String({ minLength: 1, maxLength: 256 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Agent = Static<typeof AgentSchema>;

const ActivitySchema = Type.Object(
  { objectType: Type.Optional(Type.Literal('Activity')), id: Iri, definition: Type.Optional(Open) },
  { additionalProperties: false },
);
const StatementRefSchema = Type.Object(
  { objectType: Type.Literal('StatementRef'), id: Uuid },
  { additionalProperties: false },
);

const ResultSchema = Type.Object(
  {
    score: Type.Optional(
      Type.Object(
        {
          scaled: Type.Optional(Type.Number({ minimum: -1, maximum: 1 })),
          raw: Type.Optional(Type.Number()),
          min: Type.Optional(Type.Number()),
          max: Type.Optional(Type.Number()),
        },
        { additionalProperties: false },
      ),
    ),
    success: Type.Optional(Type.Boolean()),
    completion: Type.Optional(Type.Boolean()),
    response: Type.Optional(Type.String()),
    duration: Type.Optional(Type.String()),
    extensions: Type.Optional(Open),
  },
  { additionalProperties: false },
);

export const StatementSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    actor: AgentSchema,
    verb: Type.Object(
      { id: Iri, display: Type.Optional(Type.Record(Type.String(), Type.String())) },
      { additionalProperties: false },
    ),
    object: Type.Union([ActivitySchema, StatementRefSchema]),
    result: Type.Optional(ResultSchema),
    context: Type.Optional(Open),
    timestamp: Type.Optional(Type.String({ format: 'date-time' })),
    stored: Type.Optional(Type.String({ format: 'date-time' })),
    authority: Type.Optional(Open),
    version: Type.Optional(Type.String({ pattern: '^1\\.0(\\.\\d+)?$' })),
    attachments: Type.Optional(Type.Array(Open)),
  },
  { additionalProperties: false },
);
export type Statement = Static<typeof StatementSchema>;

export const StatementsBodySchema = Type.Union([StatementSchema, Type.Array(StatementSchema, { minItems: 1 })]);
