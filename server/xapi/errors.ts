// Errors a client can meet, with the status and `{ error, message }` body the xAPI routes answer.
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Issue } from './validate/primitives.ts';

export class XapiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'XapiError';
  }
}

export const badRequest = (message: string, issues: readonly Issue[] = []): XapiError => new XapiError(400, message, issues);

/** Lists at most this many issues in one answer; a batch of broken statements could hold thousands. */
const MAX_ISSUES = 50;

export function issuesMessage(issues: readonly Issue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}

export function sendError(reply: FastifyReply, statusCode: number, message: string, issues: readonly Issue[] = []): FastifyReply {
  const body: Record<string, unknown> = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (issues.length > 0) body.issues = issues.slice(0, MAX_ISSUES);
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}
