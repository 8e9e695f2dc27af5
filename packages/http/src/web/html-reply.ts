import type { FastifyReply } from 'fastify';
import { notFoundPage } from './not-found.page.js';

export const HTML = 'text/html; charset=utf-8';

/** Sends a page; `vary: accept` because the same URL answers JSON to programs. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).header('content-type', HTML).header('vary', 'accept').send(page);
}

export function sendNotFoundPage(reply: FastifyReply, what: string): FastifyReply {
  return sendPage(reply, notFoundPage(what), 404);
}
