// The one way the browser calls its own server: same-origin JSON with the session cookie and the
// CSRF header, and errors as ApiError carrying the server's status and reason. Calls name an
// endpoint of src/contracts/endpoints.ts, which ties the path, method, body and answer type; the
// answer is checked against its schema in development and e2e builds (see checked-answer.ts).
import type { z } from 'zod';
import {
  CSV_BODY,
  endpointPath,
  endpoints,
  type Answer,
  type EndpointKey,
  type Endpoints,
  type PathParams,
  type RequestBody,
} from '../contracts/endpoints.ts';
import { checkedAnswer } from './checked-answer.ts';

export const CSRF_HEADER = 'x-shixun-csrf';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
    /** Seconds from a Retry-After header (429, 503), or null when the server sent none. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type NoFields = Record<never, never>;
type ParamsOption<K extends EndpointKey> = keyof PathParams<K> extends never ? NoFields : { readonly params: PathParams<K> };
type BodyOption<K extends EndpointKey> = [RequestBody<K>] extends [never] ? NoFields : { readonly body: RequestBody<K> };

export type CallOptions<K extends EndpointKey> = ParamsOption<K> &
  BodyOption<K> & {
    /** Query parameters; undefined ones are left out. */
    readonly query?: Readonly<Record<string, string | undefined>>;
    readonly signal?: AbortSignal;
  };

type CallArgs<K extends EndpointKey> = NoFields extends ParamsOption<K> & BodyOption<K>
  ? [options?: CallOptions<K>]
  : [options: CallOptions<K>];

/** Calls endpoint `key` and returns its answer (undefined for 204), typed by the endpoint's answer schema. */
export async function api<K extends EndpointKey>(key: K, ...[options]: CallArgs<K>): Promise<Answer<K>> {
  const spec: Endpoints[EndpointKey] = endpoints[key];
  const given = (options ?? {}) as { params?: Record<string, string>; body?: unknown } & CallOptions<K>;
  const query = Object.entries(given.query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const path = endpointPath(spec.path, given.params) + (query.length > 0 ? `?${new URLSearchParams(query).toString()}` : '');
  const contentType = spec.request === CSV_BODY ? CSV_BODY : 'application/json';
  const answer = await apiFetch(path, {
    method: spec.method,
    ...(given.body === undefined ? {} : { body: given.body, contentType }),
    ...(given.signal === undefined ? {} : { signal: given.signal }),
  });
  return checkedAnswer(spec.answer, path, answer) as Answer<K>;
}

/**
 * The error answer of endpoint `key`, read with the entry's error schema (e.g. the policy's
 * `problems`, a device poll's RFC 8628 `error`); null when `error` is no ApiError or its body
 * does not fit (a proxy's page, a network failure).
 */
export function errorBody<K extends EndpointKey>(key: K, error: unknown): z.output<Endpoints[K]['error']> | null {
  if (!(error instanceof ApiError)) return null;
  const parsed = endpoints[key].error.safeParse(error.body);
  return parsed.success ? (parsed.data as z.output<Endpoints[K]['error']>) : null;
}

export interface FetchOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON unless it is a string (sent as-is with `contentType`). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * The call itself, for what the endpoint table does not describe: api() above goes through it,
 * and so does the outbox's transport (src/client/sync-transport.ts), which judges every status and
 * body itself and also posts to the xAPI statements resource, outside /api/v1. Returns the parsed
 * JSON body (undefined for 204); an ApiError for any status but 2xx.
 */
export async function apiFetch(path: string, options: FetchOptions = {}): Promise<unknown> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  let body: string | null = null;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal ?? null,
    cache: 'no-store',
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    const message =
      typeof parsed === 'object' && parsed !== null && 'message' in parsed
        ? String((parsed as { message: unknown }).message)
        : `${response.status} ${response.statusText}`;
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    throw new ApiError(response.status, message, parsed, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null);
  }
  return parsed;
}
