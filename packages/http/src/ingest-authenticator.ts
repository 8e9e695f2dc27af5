import {
  checkIngestSignature,
  checkIngestTimestamp,
  CLIENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '@attain/runtime';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import type { CachedLmsClient, LmsClientCache } from './lms-client-cache.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const EMPTY = Buffer.alloc(0);

/**
 * Authenticates an LMS client in two steps, so that a stranger costs neither a body read nor a
 * parse: the headers, timestamp and client are checked when the request arrives (before any byte
 * of the body is read), the HMAC over the exact bytes once they are in and before they are parsed.
 */
export class IngestAuthenticator {
  // Kept beside the request, not on it: the client's secret must never reach a log serializer.
  private readonly admitted = new WeakMap<
    FastifyRequest,
    { client: CachedLmsClient; timestamp: string; signature: string }
  >();
  private readonly verified = new WeakSet<FastifyRequest>();

  constructor(
    private readonly clients: LmsClientCache,
    private readonly toleranceSeconds: number,
    private readonly now: () => Date,
  ) {}

  /** For an onRequest hook: throws the 401 problem of a request that no body could make good. */
  async admit(request: FastifyRequest): Promise<void> {
    const clientId = header(request, CLIENT_HEADER);
    const timestamp = header(request, TIMESTAMP_HEADER);
    const signature = header(request, SIGNATURE_HEADER);
    if (clientId === undefined || timestamp === undefined || signature === undefined) {
      throw new HttpError(
        401,
        'missing_signature',
        `${CLIENT_HEADER}, ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} are required`,
      );
    }
    const fresh = checkIngestTimestamp({ timestamp, now: this.now(), toleranceSeconds: this.toleranceSeconds });
    if (!fresh.ok) throw new HttpError(401, fresh.code, fresh.message);
    const client = await this.clients.get(clientId);
    if (client === undefined || client.disabled)
      throw new HttpError(401, 'unknown_client', 'unknown or disabled LMS client');
    this.admitted.set(request, { client, timestamp, signature });
  }

  /** For the body parser: the 401 problem of bytes the admitted client did not sign, if they are not. */
  checkBody(request: FastifyRequest, body: Buffer): HttpError | undefined {
    const admitted = this.admitted.get(request);
    if (admitted === undefined) return new HttpError(401, 'missing_signature', 'the request was not admitted');
    const check = checkIngestSignature({
      secret: admitted.client.hmacSecret,
      timestamp: admitted.timestamp,
      signature: admitted.signature,
      body,
      now: this.now(),
      toleranceSeconds: this.toleranceSeconds,
    });
    if (!check.ok) return new HttpError(401, check.code, check.message);
    this.verified.add(request);
    return undefined;
  }

  /**
   * For a preValidation hook: the id of the authenticated client. A request without a body never
   * reaches the parser, so its signature is checked here, over no bytes.
   */
  clientIdOf(request: FastifyRequest): string {
    if (!this.verified.has(request)) {
      const refused = this.checkBody(request, EMPTY);
      if (refused !== undefined) throw refused;
    }
    const admitted = this.admitted.get(request);
    if (admitted === undefined) throw new HttpError(401, 'missing_signature', 'the request was not admitted');
    return admitted.client.id;
  }
}
