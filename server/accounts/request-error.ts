// The error the accounts routes (and classes, reports, privacy) throw for a request a person can
// fix: the shared handler (server/http/api-errors.ts) answers `{ statusCode, error, message }`,
// with any extra headers (Retry-After on a rate limit).
import { ClientError } from '../http/api-errors.ts';

export class RequestError extends ClientError {
  constructor(statusCode: number, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(statusCode, message, headers);
    this.name = 'RequestError';
  }
}
