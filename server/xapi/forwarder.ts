// The background forwarder: claims due statements from the forward queue, POSTs them in
// batches to the remote LRS, and settles each row by the answer — gone after a 2xx (or 409,
// the remote has it), retried with backoff after a network error, 5xx or 429 (honouring
// Retry-After), kept as a dead letter when the remote refuses the statement itself (400). A
// refused or conflicting batch is split in halves until the one statement at fault is found.
import type { Database } from '../db/database.ts';
import { attachmentsOf } from './attachments.ts';
import { forwardTarget, resolveForwardConfig } from './forward-config.ts';
import type { ForwardConfig, ResolvedForwardConfig } from './forward-config.ts';
import { ForwardQueue } from './forward-queue.ts';
import type { ForwardQueueStatus, QueuedStatement } from './forward-queue.ts';
import { backoffDelay } from './forward-retry.ts';
import { sendBatch } from './forward-send.ts';

/** The part of Fastify's (pino's) logger the forwarder uses. */
export interface ForwardLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ForwarderOptions {
  readonly database: Database;
  readonly config: ForwardConfig;
  readonly logger?: ForwardLogger | undefined;
  /** For tests of the jitter; Math.random by default. */
  readonly random?: (() => number) | undefined;
  /**
   * The ledger's latest stored checkpoint (server/ledger), sent with every batch so the remote
   * keeps a copy of what the log had signed by then. Absent: no checkpoint is sent.
   */
  readonly ledgerCheckpoint?: (() => Promise<{ readonly note: string }>) | undefined;
}

export interface ForwarderStatus extends ForwardQueueStatus {
  /** Where statements go: `<XAPI_FORWARD_URL>/statements`. */
  readonly target: string;
  readonly running: boolean;
  /** The forwarder waits until then before it tries again (backoff or Retry-After). */
  readonly pausedUntil: string | null;
}

const SILENT: ForwardLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class Forwarder {
  readonly #queue: ForwardQueue;
  readonly #config: ResolvedForwardConfig;
  readonly #target: string;
  readonly #log: ForwardLogger;
  readonly #random: () => number;
  readonly #ledgerCheckpoint: ForwarderOptions['ledgerCheckpoint'];
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #pausedUntil = 0;
  #notified = false;
  #wake: (() => void) | undefined;
  #failing = false;
  #stopping = false;

  constructor(options: ForwarderOptions) {
    this.#config = resolveForwardConfig(options.config);
    this.#target = forwardTarget(this.#config);
    this.#queue = new ForwardQueue(options.database);
    this.#log = options.logger ?? SILENT;
    this.#random = options.random ?? Math.random;
    this.#ledgerCheckpoint = options.ledgerCheckpoint;
  }

  get queue(): ForwardQueue {
    return this.#queue;
  }

  start(): void {
    if (this.#stop.signal.aborted || this.#loop !== undefined) return;
    this.#loop = this.#run();
  }

  /** New statements are queued: send them now, unless the remote asked us to wait. */
  notify(): void {
    this.#notified = true;
    if (Date.now() >= this.#pausedUntil) this.#wake?.();
  }

  /**
   * Stops after the batch in flight is settled; if the remote has not answered within `graceMs`
   * the request is abandoned and its rows go back to the queue untried (the remote may still
   * have stored them: it will answer the resend as a duplicate, which counts as delivered).
   */
  async stop(graceMs = 5_000): Promise<void> {
    const loop = this.#loop;
    this.#loop = undefined;
    this.#stopping = true;
    this.#wake?.();
    const timer = setTimeout(() => this.#stop.abort(), graceMs);
    try {
      await loop;
    } finally {
      clearTimeout(timer);
      this.#stop.abort();
    }
  }

  async status(): Promise<ForwarderStatus> {
    const queue = await this.#queue.status();
    return {
      ...queue,
      target: this.#target,
      running: this.#loop !== undefined,
      pausedUntil: this.#pausedUntil > Date.now() ? new Date(this.#pausedUntil).toISOString() : null,
    };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let more = false;
      try {
        more = await this.#forwardBatch();
      } catch (error) {
        // The database failed us (busy, connection lost): the rows stay queued; try again later.
        this.#log.error({ err: error }, 'xAPI forwarding could not read or update its queue; it will try again');
        this.#pausedUntil = Date.now() + this.#config.baseDelayMs;
      }
      if (!more && !this.#stopping) await this.#sleep();
    }
  }

  async #sleep(): Promise<void> {
    const now = Date.now();
    let ms: number;
    if (this.#pausedUntil > now) ms = this.#pausedUntil - now;
    else if (this.#notified) return;
    else {
      const due = await this.#queue.nextDue(now).catch(() => undefined);
      ms = Math.min(this.#config.pollMs, due === undefined ? Infinity : Math.max(due - now, 0));
    }
    // A notify() that came while nextDue was read found no one to wake.
    if (ms <= 0 || this.#stopping || (this.#notified && this.#pausedUntil <= Date.now())) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  /** Claims and sends one batch; true when the next one may follow right away. */
  async #forwardBatch(): Promise<boolean> {
    if (Date.now() < this.#pausedUntil) return false;
    this.#notified = false;
    const batch = await this.#queue.claim(this.#config.batchSize, this.#config.leaseMs);
    if (batch.length === 0) return false;
    return this.#deliver(batch);
  }

  /** Sends `items` and settles their rows; false when the forwarder should pause or stop. */
  async #deliver(items: readonly QueuedStatement[]): Promise<boolean> {
    const ids = items.map((item) => item.statementId);
    const hashes = items.flatMap((item) => attachmentsOf(item.statement).map((attachment) => attachment.sha2.toLowerCase()));
    const contents = hashes.length === 0 ? [] : await this.#queue.attachmentContents(hashes);
    const checkpoint = await this.#ledgerCheckpoint?.().catch(() => undefined);
    const outcome = await sendBatch(
      items.map((item) => item.statement),
      contents,
      {
        target: this.#target,
        version: this.#config.version,
        credentials: this.#config.credentials,
        timeoutMs: this.#config.requestTimeoutMs,
        stopSignal: this.#stop.signal,
        ledgerCheckpoint: checkpoint?.note,
      },
    );
    switch (outcome.kind) {
      case 'delivered':
        await this.#queue.delivered(ids);
        this.#recovered(ids.length);
        return true;
      case 'duplicate':
        if (items.length > 1) return this.#split(items);
        // xAPI answers 409 only when it holds that id already: the statement is there.
        this.#log.info(
          { statementId: ids[0], reason: outcome.reason },
          'xAPI forwarding: the remote LRS already holds this statement id; counted as delivered',
        );
        await this.#queue.delivered(ids);
        this.#recovered(1);
        return true;
      case 'refused':
        if (items.length > 1) return this.#split(items);
        this.#log.error(
          { statementId: ids[0], reason: outcome.reason },
          'xAPI forwarding: the remote LRS refused a statement; it is kept as a dead letter and not retried',
        );
        await this.#queue.deadLetter(ids[0] ?? '', outcome.reason);
        return true;
      case 'retry': {
        const attempts = Math.max(...items.map((item) => item.attempts)) + 1;
        const delay =
          outcome.retryAfterMs ?? backoffDelay(attempts, this.#config.baseDelayMs, this.#config.maxDelayMs, this.#random());
        this.#pausedUntil = Date.now() + delay;
        await this.#queue.failed(ids, outcome.reason, this.#pausedUntil);
        this.#failing = true;
        this.#log.warn(
          { statements: ids.length, attempts, retryInMs: delay, reason: outcome.reason },
          'xAPI forwarding failed; it will try again',
        );
        return false;
      }
      case 'stopped':
        await this.#queue.release(ids, Date.now());
        return false;
    }
  }

  /** Sends the halves one after the other; once one must wait, the rest waits with it. */
  async #split(items: readonly QueuedStatement[]): Promise<boolean> {
    const middle = Math.ceil(items.length / 2);
    const halves = [items.slice(0, middle), items.slice(middle)];
    for (const [index, half] of halves.entries()) {
      // Each half is another request: keep the claim so that no other forwarder sends these meanwhile.
      await this.#queue.renew(
        half.map((item) => item.statementId),
        this.#config.leaseMs,
      );
      if (await this.#deliver(half)) continue;
      const rest = halves
        .slice(index + 1)
        .flat()
        .map((item) => item.statementId);
      if (rest.length > 0) await this.#queue.release(rest, Math.max(this.#pausedUntil, Date.now()));
      return false;
    }
    return true;
  }

  #recovered(count: number): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#log.info({ statements: count, target: this.#target }, 'xAPI forwarding reaches the remote LRS again');
  }
}
