// Errors a learner's browser can meet when it sends actions or reads results: a status, a message
// a person can act on, and for a gap in the log the count the server holds so the client can resend.
import { ClientError } from '../http/api-errors.ts';

export class GradingError extends ClientError {
  /** `details`: extra fields of the answer, e.g. `{ received }` on a gap. */
  constructor(statusCode: number, message: string, details: Readonly<Record<string, number | string>> = {}) {
    super(statusCode, message, {}, details);
    this.name = 'GradingError';
  }
}
