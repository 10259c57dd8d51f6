// One POST of a batch of statements to the remote LRS (JSON, or multipart/mixed when we hold
// attachment contents), and what its answer means for the queue: delivered, already there,
// refused for good, or worth another try later.
import type { ReceivedAttachment } from './attachments.ts';
import { buildMultipart, newBoundary } from './multipart.ts';
import { retryAfterMs } from './forward-retry.ts';
import type { StoredStatement } from './types.ts';

export type SendOutcome =
  | { readonly kind: 'delivered' }
  /** 409: the remote already holds a statement with one of these ids. */
  | { readonly kind: 'duplicate'; readonly reason: string }
  /** The remote refused the content (400, 413, 415, 422): trying again would not help. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Network error, timeout, 429, 5xx, or a setting to fix (401, 403, 404): try again later. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  /** The forwarder is stopping and gave up waiting for the answer. */
  | { readonly kind: 'stopped' };

export interface SendOptions {
  /** `<XAPI_FORWARD_URL>/statements` */
  readonly target: string;
  readonly version: string;
  readonly credentials?: { readonly key: string; readonly secret: string } | undefined;
  readonly timeoutMs: number;
  /** Aborted when the forwarder stops. */
  readonly stopSignal: AbortSignal;
  /** The ledger's latest checkpoint as a signed note, sent along as X-Shixun-Ledger-Checkpoint (base64). */
  readonly ledgerCheckpoint?: string | undefined;
}

const REFUSED = new Set([400, 413, 415, 422]);
const MAX_REASON = 500;

/** What the remote said, for logs and the status: its `message` if it sent JSON, else the start of the body. */
function remoteMessage(body: string): string {
  let message = body.trim();
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string')
      message = parsed.message;
  } catch {
    // not JSON: keep the text
  }
  return message.length > MAX_REASON ? `${message.slice(0, MAX_REASON)}…` : message;
}

/** Sorts the remote's answer into what the queue does next. */
export function classifyAnswer(
  status: number,
  body: string,
  headers: { get(name: string): string | null },
  target: string,
): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const said = remoteMessage(body);
  const reason = `${target} answered ${status}${said === '' ? '' : `: ${said}`}`;
  if (status === 409) return { kind: 'duplicate', reason };
  if (REFUSED.has(status)) return { kind: 'refused', reason };
  const retryAfter = retryAfterMs(headers.get('retry-after'));
  let hint = '';
  if (status === 401 || status === 403) hint = ' (check XAPI_FORWARD_KEY and XAPI_FORWARD_SECRET)';
  else if (status === 404 || status === 405)
    hint = ' (check XAPI_FORWARD_URL: it is the xAPI base; statements go to <base>/statements)';
  else if (status >= 300 && status < 400)
    hint = ` (redirected to ${headers.get('location') ?? 'another address'}: set XAPI_FORWARD_URL to where it points)`;
  return { kind: 'retry', reason: `${reason}${hint}`, retryAfterMs: retryAfter };
}

function networkReason(error: unknown, options: SendOptions): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `${options.target} did not answer within ${Math.round(options.timeoutMs / 1000)} s`;
  const cause = error instanceof Error ? error.cause : undefined;
  const detail =
    cause instanceof Error
      ? 'code' in cause && typeof cause.code === 'string'
        ? `${cause.code} ${cause.message}`
        : cause.message
      : error instanceof Error
        ? error.message
        : String(error);
  return `cannot reach ${options.target}: ${detail}`;
}

function requestBody(
  statements: readonly StoredStatement[],
  attachments: readonly ReceivedAttachment[],
): { body: string | Uint8Array<ArrayBuffer>; contentType: string } {
  const json = JSON.stringify(statements);
  if (attachments.length === 0) return { body: json, contentType: 'application/json' };
  const boundary = newBoundary();
  const parts = [
    { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(json) },
    ...attachments.map((item) => ({
      headers: { 'Content-Type': item.contentType, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': item.sha2 },
      body: item.content,
    })),
  ];
  // A copy with a plain ArrayBuffer behind it, the body type fetch's typings accept.
  return { body: new Uint8Array(buildMultipart(parts, boundary)), contentType: `multipart/mixed; boundary=${boundary}` };
}

/** POSTs the statements (and the attachment contents they need) and classifies the answer. */
export async function sendBatch(
  statements: readonly StoredStatement[],
  attachments: readonly ReceivedAttachment[],
  options: SendOptions,
): Promise<SendOutcome> {
  const { body, contentType } = requestBody(statements, attachments);
  const headers: Record<string, string> = { 'content-type': contentType, 'x-experience-api-version': options.version };
  if (options.ledgerCheckpoint !== undefined)
    headers['x-shixun-ledger-checkpoint'] = Buffer.from(options.ledgerCheckpoint, 'utf8').toString('base64');
  if (options.credentials !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${options.credentials.key}:${options.credentials.secret}`).toString('base64')}`;
  }
  try {
    const response = await fetch(options.target, {
      method: 'POST',
      headers,
      body,
      // A redirected POST is a setting to fix, not something to follow blindly with credentials.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.stopSignal]),
    });
    const text = await response.text();
    return classifyAnswer(response.status, text, response.headers, options.target);
  } catch (error) {
    if (options.stopSignal.aborted) return { kind: 'stopped' };
    return { kind: 'retry', reason: networkReason(error, options) };
  }
}
