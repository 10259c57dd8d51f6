// The error every API route throws for a request a person can fix: the shared handler
// (./api-errors.ts) answers `{ statusCode, error, message }`, with any extra headers (Retry-After
// on a rate limit) and fields (`{ received }` on a gap in an action log).
import { ClientError } from './api-errors.ts';

export class RequestError extends ClientError {
  constructor(
    statusCode: number,
    message: string,
    headers: Readonly<Record<string, string>> = {},
    body: Readonly<Record<string, unknown>> = {},
  ) {
    super(statusCode, message, headers, body);
    this.name = 'RequestError';
  }
}
