// One pass of sending the signed-in learner's part of the outbox, oldest entry first: practice
// statements to the LRS in batches, an assessment's consecutive action entries merged into one
// PUT. Other learners' entries (a shared headset) are not touched: they wait for their owner. It
// stops at the first failure that may pass (offline, server trouble, signed out, the session
// changed) and leaves the entry queued; it moves an entry the server refuses for good to the
// rejected store with the reason. The loop in sync.ts decides when to run it again.
import type { PutActionsRequest } from '../contracts/attempt-actions.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import type { EntryOwner, Outbox, QueuedEntry } from '../records/outbox.ts';
import type { XapiStatement } from '../records/xapi-statement.ts';
import { isAttemptView, type AttemptView } from './sync-attempt-views.ts';

/** A server answer as the flusher needs it. Status 0: the request never got an answer (offline). */
export interface TransportResponse {
  readonly status: number;
  readonly body: unknown;
  /** From a Retry-After header, when the server sent one. */
  readonly retryAfterMs: number | null;
}

/** The body of PUT /api/v1/attempts/:attemptId/actions (src/contracts/attempt-actions.ts). */
export type ActionsBody = PutActionsRequest;

/** How the flusher reaches the server: fetch in the browser, the test server in tests. */
export interface SyncTransport {
  putActions(attemptId: string, body: ActionsBody): Promise<TransportResponse>;
  postStatements(statements: readonly XapiStatement[]): Promise<TransportResponse>;
}

/** One request's worth of entries, all of one owner (null: unowned entries from version 1). */
export type Batch = { readonly keys: readonly number[]; readonly owner: EntryOwner | null } & (
  | ({ readonly kind: 'actions'; readonly attemptId: string } & ActionsBody)
  | { readonly kind: 'statements'; readonly statements: readonly XapiStatement[] }
);

export interface BatchLimits {
  /** Statements per POST (an entry is never split). @default 100 */
  readonly statements: number;
  /** Actions per PUT. @default 500 */
  readonly actions: number;
}

const DEFAULT_LIMITS: BatchLimits = { statements: 100, actions: 500 };

const sameOwner = (a: EntryOwner | null, b: EntryOwner | null) => (a?.username ?? null) === (b?.username ?? null);

/**
 * The next request to make from the head of the outbox: the first entry plus the entries right
 * after it that continue it (the same attempt's next actions; more statements) and have the same
 * owner (an unowned entry is never sent together with an owned one), within limits.
 */
export function nextBatch(head: readonly QueuedEntry[], limits: BatchLimits = DEFAULT_LIMITS): Batch | null {
  const first = head[0];
  if (!first) return null;
  const { owner } = first;
  if (first.entry.kind === 'statements') {
    const keys = [first.key];
    const statements = [...first.entry.statements];
    for (const next of head.slice(1)) {
      if (
        next.entry.kind !== 'statements' ||
        !sameOwner(next.owner, owner) ||
        statements.length + next.entry.statements.length > limits.statements
      )
        break;
      keys.push(next.key);
      statements.push(...next.entry.statements);
    }
    return { kind: 'statements', keys, owner, statements };
  }
  const { attemptId, courseId, courseVersion, from } = first.entry;
  const keys = [first.key];
  const actions = [...first.entry.actions];
  for (const next of head.slice(1)) {
    const entry = next.entry;
    if (entry.kind !== 'actions' || entry.attemptId !== attemptId || !sameOwner(next.owner, owner)) break;
    const end = from + actions.length;
    // Contiguous, or overlapping (queued twice): take what is new. A gap ends the batch.
    if (entry.from > end || actions.length + entry.actions.length > limits.actions) break;
    keys.push(next.key);
    actions.push(...entry.actions.slice(end - entry.from));
  }
  return { kind: 'actions', keys, owner, attemptId, courseId, courseVersion, from, actions };
}

export type FlushOutcome =
  /** Nothing of this learner's is left (other learners' entries may wait). */
  | { readonly kind: 'done' }
  /** No answer from the server: try again when back online. */
  | { readonly kind: 'offline'; readonly error: string }
  /** 401: nobody (or an expired session) is signed in; entries wait for a sign-in. */
  | { readonly kind: 'signed-out'; readonly error: string }
  /** The server refused an entry of the learner, and the session is no longer theirs (another tab signed in someone else). */
  | { readonly kind: 'session-changed'; readonly error: string }
  /** The server had trouble (5xx, 429, 408): try again later. */
  | { readonly kind: 'retry'; readonly error: string; readonly retryAfterMs: number | null };

export interface FlushReport {
  readonly outcome: FlushOutcome;
  /** Entries the server took in this pass. */
  readonly sent: number;
  /** Entries moved to the rejected store in this pass. */
  readonly rejected: number;
  /** Unowned entries the server refused to this learner (403), left for someone else. */
  readonly setAside: number;
}

export interface FlushOptions {
  /** The signed-in learner: only their entries (and unowned ones) are sent, with their session. */
  readonly username: string;
  /**
   * Who the server says is signed in (null: nobody; undefined: it could not say), asked before a
   * 403 for the learner's own entry counts as a refusal: the session cookie is shared by every tab,
   * so another tab may have signed someone else in since this pass began.
   */
  readonly signedInAs?: () => Promise<string | null | undefined>;
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
  return typeof body === 'object' && body !== null && 'received' in body && typeof body.received === 'number'
    ? body.received
    : null;
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
      response = await transport.putActions(attemptId, {
        courseId,
        courseVersion,
        from: received,
        actions: log.slice(received, end),
      });
    } else {
      return {
        status: 409,
        body: {
          message: `The server holds ${received} actions of this attempt and this device no longer has actions ${received}–${from - 1} to resend.`,
        },
        retryAfterMs: null,
      };
    }
  }
  return response;
}

/** Sends the learner's part of the outbox until none is left or a failure that may pass stops it. */
export async function flushOutbox(outbox: Outbox, transport: SyncTransport, options: FlushOptions): Promise<FlushReport> {
  let sent = 0;
  let rejected = 0;
  let setAside = 0;
  const stop = (outcome: FlushOutcome): FlushReport => ({ outcome, sent, rejected, setAside });
  for (;;) {
    const batch = nextBatch(await outbox.head(200, options.username), options.limits);
    if (!batch) return stop({ kind: 'done' });
    const response = await sendBatch(batch, transport, options);
    if (ok(response)) {
      if (batch.kind === 'actions' && isAttemptView(response.body)) options.onView?.(response.body);
      await outbox.remove(batch.keys);
      sent += batch.keys.length;
      continue;
    }
    const reason = reasonOf(response);
    if (response.status === 403 && batch.owner === null) {
      // Not this learner's after all: leave it for whoever owns it.
      await outbox.setAside(batch.keys, options.username);
      setAside += batch.keys.length;
      continue;
    }
    if (response.status === 403 && options.signedInAs) {
      const signedIn = await options.signedInAs();
      if (signedIn === null) return stop({ kind: 'signed-out', error: reason });
      if (signedIn === undefined) return stop({ kind: 'retry', error: reason, retryAfterMs: null });
      if (signedIn !== options.username) return stop({ kind: 'session-changed', error: reason });
    }
    if (!mayPass(response.status)) {
      await outbox.reject(batch.keys, response.status, reason);
      rejected += batch.keys.length;
      continue;
    }
    const outcome: FlushOutcome =
      response.status === 0
        ? { kind: 'offline', error: reason }
        : response.status === 401
          ? { kind: 'signed-out', error: reason }
          : { kind: 'retry', error: reason, retryAfterMs: response.retryAfterMs };
    return stop(outcome);
  }
}
