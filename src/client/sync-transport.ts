// The flusher's way to the server from the browser: same-origin fetch through apiFetch() (session
// cookie plus the CSRF header), every outcome turned into a status the flusher can judge. Not the
// endpoint table's api(): the flusher reads every status and error body itself (a 409's `received`,
// a 429's wait) and posts statements to the xAPI resource, whose protocol is not this API's.
import { endpointPath, endpoints } from '../contracts/endpoints.ts';
import type { XapiStatement } from '../records/xapi-statement.ts';
import { apiFetch, ApiError, type FetchOptions } from './api.ts';
import type { ActionsBody, SyncTransport, TransportResponse } from './sync-flush.ts';

const XAPI_VERSION_HEADER = { 'X-Experience-API-Version': '2.0.0' } as const;

async function call(path: string, options: FetchOptions): Promise<TransportResponse> {
  try {
    return { status: 200, body: await apiFetch(path, options), retryAfterMs: null };
  } catch (error) {
    if (error instanceof ApiError)
      return { status: error.status, body: error.body, retryAfterMs: error.retryAfter === null ? null : error.retryAfter * 1000 };
    // fetch rejects only when no answer came back: offline, DNS, a dropped connection.
    return { status: 0, body: error instanceof Error ? error.message : String(error), retryAfterMs: null };
  }
}

export const browserTransport: SyncTransport = {
  putActions: (attemptId: string, body: ActionsBody) =>
    call(endpointPath(endpoints['attempts.actions'].path, { attemptId }), { method: endpoints['attempts.actions'].method, body }),
  postStatements: (statements: readonly XapiStatement[]) =>
    call('/xapi/statements', { method: 'POST', body: statements, headers: XAPI_VERSION_HEADER }),
};
