import { BakedImageError, extractBakedCredential, MAX_BAKED_TEXT_BYTES } from '@attain/badges';
import type { Runtime } from '@attain/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import { findJsonTextProblem } from './json-text.js';
import type { VerificationGuard } from './verification-guard.js';
import { verifyForResult, type VerificationResult } from './verification-result.js';

/**
 * POST /verify/check, the /verify page's own endpoint: a credential as JSON, or a baked PNG or SVG
 * badge as the raw file. Always 200 with a verification result; a refused document (too large,
 * too deep, an image that inflates too far) is a 4xx problem the page shows.
 */
export function verifyCheckHandler(runtime: Runtime, guard: VerificationGuard, now: () => Date) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let credential: unknown;
    let source: string;
    if (Buffer.isBuffer(request.body)) {
      credential = bakedCredential(request.body);
      source = `a baked ${hasPng(request.body) ? 'PNG' : 'SVG'} image`;
    } else {
      const body = request.body as Record<string, unknown> | undefined;
      credential = body !== undefined && 'verifiableCredential' in body ? body.verifiableCredential : body;
      source = 'JSON';
    }
    const result: VerificationResult = await verifyForResult(runtime, guard, { credential, source, now: now() });
    return reply.send(result);
  };
}

/** The baked credential, held to the checks a JSON body gets (NUL, lone surrogates, nesting). */
function bakedCredential(bytes: Buffer): unknown {
  let credential: unknown;
  try {
    credential = extractBakedCredential(bytes).credential;
  } catch (error) {
    if (!(error instanceof BakedImageError)) throw error;
    if (error.problem === 'too-large') {
      throw new HttpError(
        413,
        'verification_limit',
        error.message,
        undefined,
        {},
        {
          name: 'bakedTextBytes',
          max: MAX_BAKED_TEXT_BYTES,
        },
      );
    }
    throw new HttpError(400, 'not_a_baked_badge', error.message);
  }
  const fault = findJsonTextProblem(credential);
  if (fault !== undefined) {
    throw new HttpError(400, fault.code, `The credential baked into this image: ${fault.detail}`, [
      { pointer: fault.pointer, detail: fault.detail },
    ]);
  }
  return credential;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const hasPng = (bytes: Buffer): boolean => bytes.subarray(0, 8).equals(PNG_SIGNATURE);
