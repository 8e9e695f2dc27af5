import { VC_V1_CONTEXT, VC_V2_CONTEXT } from './bundled-contexts.js';
import { isRecord } from './is-record.js';
import { isDateTimeWithZone } from './xsd-date-time.js';

/** One thing wrong with a credential handed in for signing: a JSON Pointer and what is wrong. */
export interface CredentialProblem {
  pointer: string;
  detail: string;
}

// An absolute URI: a scheme, a colon, and no white space (urn:uuid:…, https://…, did:…).
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/**
 * The data-model rules of VC 2.0 (and VC 1.1) that JSON-LD processing alone does not enforce,
 * checked before anything is signed. Returns every problem found, and the data model version.
 */
export function checkIssuableCredential(input: unknown): { version: 1 | 2 | undefined; problems: CredentialProblem[] } {
  const problems: CredentialProblem[] = [];
  const problem = (pointer: string, detail: string) => problems.push({ pointer, detail });
  if (!isRecord(input)) {
    problem('', 'must be a JSON object');
    return { version: undefined, problems };
  }
  const context = input['@context'];
  let version: 1 | 2 | undefined;
  if (!Array.isArray(context) || context.length === 0) problem('/@context', 'must be a non-empty array');
  else if (context[0] === VC_V2_CONTEXT) version = 2;
  else if (context[0] === VC_V1_CONTEXT) version = 1;
  else problem('/@context/0', `must be ${VC_V2_CONTEXT} (VC 2.0) or ${VC_V1_CONTEXT} (VC 1.1)`);
  if (Array.isArray(context))
    context.forEach((entry, i) => {
      if (typeof entry !== 'string' && !isRecord(entry)) problem(`/@context/${i}`, 'must be a URL or an object');
    });

  if ('id' in input && (typeof input.id !== 'string' || !URI.test(input.id)))
    problem('/id', 'must be a single URL (e.g. urn:uuid:…) when present');
  const types = input.type;
  if (
    !Array.isArray(types) ||
    types.length === 0 ||
    !types.every((t) => typeof t === 'string' && t !== '') ||
    !types.includes('VerifiableCredential')
  )
    problem('/type', 'must be an array of strings that includes VerifiableCredential');

  const issuer = input.issuer;
  if ('issuer' in input) {
    const id = isRecord(issuer) ? issuer.id : issuer;
    if (typeof id !== 'string' || !URI.test(id)) problem('/issuer', 'must be a URL, or an object whose id is a URL');
  }

  const subjects: unknown[] = Array.isArray(input.credentialSubject)
    ? input.credentialSubject
    : [input.credentialSubject];
  if (input.credentialSubject === undefined) problem('/credentialSubject', 'is required');
  else if (subjects.length === 0) problem('/credentialSubject', 'must not be an empty array');
  subjects.forEach((subject, i) => {
    if (input.credentialSubject === undefined) return;
    const pointer = Array.isArray(input.credentialSubject) ? `/credentialSubject/${i}` : '/credentialSubject';
    if (!isRecord(subject)) problem(pointer, 'must be an object');
    else if (Object.keys(subject).length === 0) problem(pointer, 'must make at least one claim');
    else if ('id' in subject && (typeof subject.id !== 'string' || !URI.test(subject.id)))
      problem(`${pointer}/id`, 'must be a single URL when present');
  });

  // Each of these is a typed object (or an array of them); credentialSchema also needs a URL id.
  for (const field of ['credentialSchema', 'credentialStatus', 'termsOfUse', 'evidence', 'refreshService']) {
    if (!(field in input)) continue;
    const value = input[field];
    const items: unknown[] = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const pointer = Array.isArray(value) ? `/${field}/${i}` : `/${field}`;
      if (!isRecord(item)) return problem(pointer, 'must be an object');
      if (!(typeof item.type === 'string' || (Array.isArray(item.type) && item.type.length > 0)))
        problem(`${pointer}/type`, 'is required');
      const needsId = field === 'credentialSchema';
      if ((needsId || 'id' in item) && (typeof item.id !== 'string' || !URI.test(item.id)))
        problem(`${pointer}/id`, needsId ? 'is required and must be a URL' : 'must be a single URL');
    });
  }

  const [start, end] = version === 1 ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];
  for (const field of [start, end]) {
    if (field in input && !isDateTimeWithZone(input[field]))
      problem(`/${field}`, 'must be a date-time with a time zone, e.g. 2026-11-26T09:30:00Z');
  }
  const from = input[start];
  const until = input[end];
  if (isDateTimeWithZone(from) && isDateTimeWithZone(until) && Date.parse(until) <= Date.parse(from))
    problem(`/${end}`, `must be later than ${start}`);
  if ('proof' in input) problem('/proof', 'must be absent: this endpoint signs unsigned credentials');
  return { version, problems };
}
