import {
  createStockVerifier,
  VerificationLimitError,
  VerifierBusyError,
  type StockVerifier,
} from '@attain/credentials';
import type { FastifyRequest } from 'fastify';
import type { AttainFastify } from './app-types.js';
import { HttpError } from './http-error.js';

/** Largest body the public verification endpoints read: a presentation at its limit, with room for options. */
export const VERIFY_BODY_LIMIT = 256 * 1024;
/** Largest baked badge image /verify/check reads: the image around the credential may be large; its text is capped apart. */
export const VERIFY_IMAGE_LIMIT = 2 * 1024 * 1024;

/** Verifications running at once; more are told to retry (each holds at most one stock job). */
const MAX_IN_FLIGHT = 16;

/**
 * What keeps anonymous verification from stalling the process: the stock JSON-LD path in a worker
 * thread under a deadline, a cap on verifications in flight, and the translation of a refused
 * document (VerificationLimitError) or a full queue into a problem answer.
 */
export interface VerificationGuard {
  stockVerifier: StockVerifier;
  run<T>(work: () => Promise<T>): Promise<T>;
}

const guards = new WeakMap<AttainFastify, VerificationGuard>();

/** One guard per app (shared by every verification route), closed with the app. */
export function verificationGuardOf(app: AttainFastify): VerificationGuard {
  const existing = guards.get(app);
  if (existing !== undefined) return existing;
  const stockVerifier = createStockVerifier();
  stockVerifier.warm();
  app.addHook('onClose', async () => {
    await stockVerifier.close();
  });
  let inFlight = 0;
  const guard: VerificationGuard = {
    stockVerifier,
    async run(work) {
      if (inFlight >= MAX_IN_FLIGHT) throw busy(1);
      inFlight += 1;
      try {
        return await work();
      } catch (error) {
        if (error instanceof VerificationLimitError) throw limitProblem(error);
        if (error instanceof VerifierBusyError) throw busy(error.retryAfterSeconds);
        throw error;
      } finally {
        inFlight -= 1;
      }
    },
  };
  guards.set(app, guard);
  return guard;
}

/** A refused document as a problem naming the limit (`limit: {name, max, actual}`): 413 for size, 400 for shape. */
export function limitProblem(error: VerificationLimitError): HttpError {
  return new HttpError(error.tooLarge ? 413 : 400, error.code, error.message, undefined, {}, error.limit);
}

/**
 * A preParsing hook: a body announced larger than its limit (`max` for JSON, `imageMax` for a baked
 * image) is refused before a byte of it is read, as a verification limit (fastify's own bodyLimit
 * still stops one sent without a length).
 */
export function refuseLargeBody(max: number, imageMax = max) {
  return (request: FastifyRequest, _reply: unknown, _payload: unknown, done: (error?: Error) => void): void => {
    const length = Number(request.headers['content-length']);
    const image = /^image\//i.test(request.headers['content-type'] ?? '');
    const limit = image ? imageMax : max;
    if (Number.isFinite(length) && length > limit) {
      done(
        new HttpError(
          413,
          'verification_limit',
          `${image ? 'An image' : 'A document'} to verify may be at most ${String(limit)} bytes; this request has ${String(length)}.`,
          undefined,
          {},
          { name: 'bodyBytes', max: limit, actual: length },
        ),
      );
      return;
    }
    done();
  };
}

function busy(retryAfterSeconds: number): HttpError {
  return new HttpError(
    503,
    'verifier_busy',
    'The verifier is busy with other documents; retry in a moment.',
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  );
}
