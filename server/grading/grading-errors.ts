// Errors a learner's browser can meet when it sends actions or reads results: a status, a message
// a person can act on, and for a gap in the log the count the server holds so the client can resend.
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { sendError } from '../xapi/errors.ts';

export class GradingError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra fields of the answer, e.g. `{ received }` on a gap. */
    readonly details: Readonly<Record<string, number | string>> = {},
  ) {
    super(message);
    this.name = 'GradingError';
  }
}

/** `{ statusCode, error, message }` like every API error, plus the error's details. */
export function sendGradingError(reply: FastifyReply, error: GradingError): FastifyReply {
  if (Object.keys(error.details).length === 0) return sendError(reply, error.statusCode, error.message);
  const body = { statusCode: error.statusCode, error: STATUS_CODES[error.statusCode] ?? 'Error', message: error.message, ...error.details };
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
}
