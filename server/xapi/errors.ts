// Errors an xAPI client can meet: a status, a message, and for invalid statements the issues found
// (path and message each), answered by the shared handler as `{ statusCode, error, message, issues }`.
import { ClientError } from '../http/api-errors.ts';
import type { Issue } from './validate/primitives.ts';

/** Lists at most this many issues in one answer; a batch of broken statements could hold thousands. */
const MAX_ISSUES = 50;

export class XapiError extends ClientError {
  constructor(statusCode: number, message: string, issues: readonly Issue[] = []) {
    super(statusCode, message, {}, issues.length > 0 ? { issues: issues.slice(0, MAX_ISSUES) } : {});
    this.name = 'XapiError';
  }
}

export const badRequest = (message: string, issues: readonly Issue[] = []): XapiError => new XapiError(400, message, issues);

export function issuesMessage(issues: readonly Issue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}
