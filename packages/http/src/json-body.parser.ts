import type { FastifyBodyParser, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import { decodeUtf8, findJsonTextProblem } from './json-text.js';

export type JsonBodyDone = (error: Error | null, body?: unknown) => void;

/** Parses a JSON body from its exact bytes, which it keeps on the request for signature checks. */
export type JsonBodyParser = (request: FastifyRequest, body: Buffer, done: JsonBodyDone) => void;

/**
 * Strict UTF-8, fastify's prototype-poisoning-safe JSON parser, then the text checks (NUL, lone
 * surrogates, nesting) every JSON body gets. Shared by the app-wide parser and the ingest route's
 * own, which checks the signature first.
 */
export function jsonBodyParser(parseJson: FastifyBodyParser<string>): JsonBodyParser {
  return (request, body, done) => {
    request.rawBody = body;
    const text = decodeUtf8(body);
    if (text === undefined) {
      done(new HttpError(400, 'invalid_utf8', 'the body is not valid UTF-8'), undefined);
      return;
    }
    // The default parser is synchronous and calls done itself.
    void parseJson(request, text, (error, parsed) => {
      const fault = error === null ? findJsonTextProblem(parsed) : undefined;
      if (fault !== undefined) {
        done(
          new HttpError(400, fault.code, fault.detail, [{ pointer: fault.pointer, detail: fault.detail }]),
          undefined,
        );
        return;
      }
      done(error, parsed);
    });
  };
}
