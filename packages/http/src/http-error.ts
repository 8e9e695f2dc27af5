/** One wrong field: a JSON Pointer into the request body, and what is wrong with it. */
export interface ProblemField {
  pointer: string;
  detail: string;
}

/** The bound a refused document broke (verification limits): its name, the bound, what it had. */
export interface ProblemLimit {
  name: string;
  max: number;
  actual?: number;
}

/**
 * An error answer, sent as RFC 9457 `application/problem+json`:
 * `{ type, title, status, detail, code, instance, errors?, limit? }`. `code` is stable and
 * machine-readable, `detail` is for people, `errors[]` names each wrong field, `limit` the bound
 * a refused document broke.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    detail: string,
    readonly errors?: ProblemField[],
    readonly headers: Record<string, string> = {},
    readonly limit?: ProblemLimit,
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  errors?: ProblemField[];
  limit?: ProblemLimit;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  instance: string,
  errors?: ProblemField[],
  limit?: ProblemLimit,
): Problem {
  return {
    type: `urn:attain:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance,
    ...(errors === undefined ? {} : { errors }),
    ...(limit === undefined ? {} : { limit }),
  };
}
