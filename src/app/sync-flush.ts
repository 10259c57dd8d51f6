// One pass of sending the outbox, oldest entry first: practice statements to the LRS in batches,
// an assessment's consecutive action entries merged into one PUT. It stops at the first failure
// that may pass (offline, server trouble, signed out) and leaves the entry queued; it moves an
// entry the server refuses for good to the rejected store with the reason. The loop in sync.ts
// decides when to run it again.
import type { AttemptAction } from '../engine/attempt-actions.ts';
import type { Outbox, QueuedEntry } from '../records/outbox.ts';
import type { XapiStatement } from '../records/xapi-statement.ts';
import { isAttemptView, type AttemptView } from './sync-attempt-views.ts';

/** A server answer as the flusher needs it. Status 0: the request never got an answer (offline). */
export interface TransportResponse {
  readonly status: number;
  readonly body: unknown;
  /** From a Retry-After header, when the server sent one. */
  readonly retryAfterMs: number | null;
}

export interface ActionsBody {
  readonly courseId: string;
  readonly courseVersion: string;
  readonly from: number;
  readonly actions: readonly AttemptAction[];
}

/** How the flusher reaches the server: fetch in the browser, the test server in tests. */
export interface SyncTransport {
  putActions(attemptId: string, body: ActionsBody): Promise<TransportResponse>;
  postStatements(statements: readonly XapiStatement[]): Promise<TransportResponse>;
}

export type Batch =
  | ({ readonly kind: 'actions'; readonly keys: readonly number[]; readonly attemptId: string } & ActionsBody)
  | { readonly kind: 'statements'; readonly keys: readonly number[]; readonly statements: readonly XapiStatement[] };

export interface BatchLimits {
  /** Statements per POST (an entry is never split). @default 100 */
  readonly statements: number;
  /** Actions per PUT. @default 500 */
  readonly actions: number;
}

const DEFAULT_LIMITS: BatchLimits = { statements: 100, actions: 500 };

/**
 * The next request to make from the head of the outbox: the first entry plus the entries right
 * after it that continue it (the same attempt's next actions; more statements), within limits.
 */
export function nextBatch(head: readonly QueuedEntry[], limits: BatchLimits = DEFAULT_LIMITS): Batch | null {
  const first = head[0];
  if (!first) return null;
  if (first.entry.kind === 'statements') {
    const keys = [first.key];
    const statements = [...first.entry.statements];
    for (const next of head.slice(1)) {
      if (next.entry.kind !== 'statements' || statements.length + next.entry.statements.length > limits.statements) break;
      keys.push(next.key);
      statements.push(...next.entry.statements);
    }
    return { kind: 'statements', keys, statements };
  }
  const { attemptId, courseId, courseVersion, from } = first.entry;
  const keys = [first.key];
  const actions = [...first.entry.actions];
  for (const next of head.slice(1)) {
    const entry = next.entry;
    if (entry.kind !== 'actions' || entry.attemptId !== attemptId) break;
    const end = from + actions.length;
    // Contiguous, or overlapping (queued twice): take what is new. A gap ends the batch.
    if (entry.from > end || actions.length + entry.actions.length > limits.actions) break;
    keys.push(next.key);
    actions.push(...entry.actions.slice(end - entry.from));
  }
  return { kind: 'actions', keys, attemptId, courseId, courseVersion, from, actions };
}

export type FlushOutcome =
  /** The outbox is empty. */
  | { readonly kind: 'done' }
  /** No answer from the server: try again when back online. */
  | { readonly kind: 'offline'; readonly error: string }
  /** 401: nobody (or an expired session) is signed in; entries wait for a sign-in. */
  | { readonly kind: 'signed-out'; readonly error: string }
  /** The server had trouble (5xx, 429, 408): try again later. */
  | { readonly kind: 'retry'; readonly error: string; readonly retryAfterMs: number | null };

export interface FlushReport {
  readonly outcome: FlushOutcome;
  /** Entries the server took in this pass. */
  readonly sent: number;
  /** Entries moved to the rejected store in this pass. */
  readonly rejected: number;
}

export interface FlushOptions {
  /** The saved log of an attempt, to resend from where the server says it stopped (409 with `received`). */
  readonly savedLog?: (attemptId: string, courseId: string, courseVersion: string) => readonly AttemptAction[] | undefined;
  /** Each AttemptView the server answered with. */
  readonly onView?: (view: AttemptView) => void;
  readonly limits?: BatchLimits;
}

/** The server's reason, from the `{ statusCode, error, message }` error body. */
export function reasonOf(response: TransportResponse): string {
  const body = response.body;
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  if (typeof body === 'string' && body !== '') return response.status === 0 ? body : `${response.status}: ${body.slice(0, 200)}`;
  return response.status === 0 ? 'no answer from the server' : `the server answered ${response.status}`;
}

function receivedOf(response: TransportResponse): number | null {
  const body = response.body;
  return typeof body === 'object' && body !== null && 'received' in body && typeof body.received === 'number' ? body.received : null;
}

const ok = (response: TransportResponse) => response.status >= 200 && response.status < 300;
const mayPass = (status: number) => status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;

async function sendBatch(batch: Batch, transport: SyncTransport, options: FlushOptions): Promise<TransportResponse> {
  if (batch.kind === 'statements') return transport.postStatements(batch.statements);
  const { attemptId, courseId, courseVersion, from, actions } = batch;
  let response = await transport.putActions(attemptId, { courseId, courseVersion, from, actions });
  // Someone else changed the attempt while this batch was graded (409 without a count): once more.
  if (response.status === 409 && receivedOf(response) === null) {
    response = await transport.putActions(attemptId, { courseId, courseVersion, from, actions });
  }
  const received = receivedOf(response);
  // The server misses actions before this batch: resend them from the saved log.
  if (response.status === 409 && received !== null && received < from) {
    const log = options.savedLog?.(attemptId, courseId, courseVersion);
    const end = from + actions.length;
    if (log && log[0]?.kind === 'start' && log[0].attemptId === attemptId && log.length >= end) {
      response = await transport.putActions(attemptId, { courseId, courseVersion, from: received, actions: log.slice(received, end) });
    } else {
      return { status: 409, body: { message: `The server holds ${received} actions of this attempt and this device no longer has actions ${received}–${from - 1} to resend.` }, retryAfterMs: null };
    }
  }
  return response;
}

/** Sends the outbox until it is empty or a failure that may pass stops it. */
export async function flushOutbox(outbox: Outbox, transport: SyncTransport, options: FlushOptions = {}): Promise<FlushReport> {
  let sent = 0;
  let rejected = 0;
  for (;;) {
    const batch = nextBatch(await outbox.head(200), options.limits);
    if (!batch) return { outcome: { kind: 'done' }, sent, rejected };
    const response = await sendBatch(batch, transport, options);
    if (ok(response)) {
      if (batch.kind === 'actions' && isAttemptView(response.body)) options.onView?.(response.body);
      await outbox.remove(batch.keys);
      sent += batch.keys.length;
      continue;
    }
    const reason = reasonOf(response);
    if (!mayPass(response.status)) {
      await outbox.reject(batch.keys, response.status, reason);
      rejected += batch.keys.length;
      continue;
    }
    const outcome: FlushOutcome =
      response.status === 0 ? { kind: 'offline', error: reason } : response.status === 401 ? { kind: 'signed-out', error: reason } : { kind: 'retry', error: reason, retryAfterMs: response.retryAfterMs };
    return { outcome, sent, rejected };
  }
}
