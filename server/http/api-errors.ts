// How every API route answers an error: `{ statusCode, error, message }` (plus what the error
// adds, e.g. `issues` or `received`), a status a client can act on, and a message a person can.
// Routes throw a ClientError (or a subclass) for a request the caller can fix; each plugin sets
// `apiErrorHandler` with its own wording for the framework's errors, and anything unexpected is
// logged and answered 500 without details.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** A request the caller can fix: its status, a message saying how, extra headers and body fields. */
export class ClientError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Headers of the answer, e.g. Retry-After on 429. */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Fields added to the answer's body, e.g. `{ received }` on a gap in an action log. */
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Sends `{ statusCode, error, message, ...fields }` as JSON. */
export function sendError(
  reply: FastifyReply,
  statusCode: number,
  message: string,
  fields: Readonly<Record<string, unknown>> = {},
): FastifyReply {
  const body = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...fields };
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

export function sendClientError(reply: FastifyReply, error: ClientError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  return sendError(reply, error.statusCode, error.message, error.body);
}

export interface ApiErrorTexts {
  /** Names the plugin in the log line of an unexpected error ("<area> request failed"). */
  readonly area: string;
  /** What the routes accept, for a 415: e.g. "application/json". */
  readonly accepts: string;
  /** The 413 message: the limit and what to do instead. */
  readonly tooLarge?: (request: FastifyRequest) => string;
  /** The 500 message. @default 'The server could not handle this request; the error has been logged.' */
  readonly serverError?: string;
}

/** The error handler of one plugin: client errors as thrown, the framework's in plain words, the rest logged as 500. */
export function apiErrorHandler(texts: ApiErrorTexts) {
  return (error: FastifyError | ClientError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof ClientError) return sendClientError(reply, error);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, texts.tooLarge?.(request) ?? 'The body is too large for this request.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(
          reply,
          415,
          `Content-Type "${request.headers['content-type'] ?? '(none)'}" is not accepted here: send ${texts.accepts}.`,
        );
      case 'SQLITE_BUSY':
        // Another process held the write lock past busy_timeout: worth a retry shortly.
        void reply.header('retry-after', '1');
        return sendError(reply, 503, 'The database is busy; retry the request.');
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, status, error.message);
    request.log.error({ err: error }, `${texts.area} request failed`);
    return sendError(reply, 500, texts.serverError ?? 'The server could not handle this request; the error has been logged.');
  };
}
