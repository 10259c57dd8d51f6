// Runs the retention sweep at start and then every RETENTION_SWEEP_HOURS, never two at once in
// one process. The timer is unref'ed (it never keeps the process alive) and stopped on close,
// which waits for a sweep in flight to reach its next batch boundary.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import type { RetentionSettings } from './retention-config.ts';
import { sweepRetention } from './retention-sweep.ts';
import type { SweepRun } from './retention-sweep.ts';

export interface LastSweep {
  readonly run: SweepRun | null;
  /** Why the last sweep failed, when it did. */
  readonly error: string | null;
  readonly failedAt: string | null;
}

export class RetentionScheduler {
  readonly #database: Database;
  readonly #settings: RetentionSettings;
  readonly #log: FastifyBaseLogger;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = false;
  #last: LastSweep = { run: null, error: null, failedAt: null };

  readonly #onSwept: ((run: SweepRun) => Promise<void>) | undefined;

  /** `onSwept` is told of every finished sweep (to record its deletions in the admin audit log). */
  constructor(
    database: Database,
    settings: RetentionSettings,
    log: FastifyBaseLogger,
    onSwept?: (run: SweepRun) => Promise<void>,
  ) {
    this.#database = database;
    this.#settings = settings;
    this.#log = log;
    this.#onSwept = onSwept;
  }

  get last(): LastSweep {
    return this.#last;
  }

  get running(): boolean {
    return this.#inFlight !== undefined;
  }

  /** Sweeps now and then every `sweepHours`; does nothing when `sweepHours` is 0. */
  start(): void {
    if (this.#settings.sweepHours === 0 || this.#timer !== undefined || this.#stopped) return;
    void this.sweepNow();
    this.#timer = setInterval(() => void this.sweepNow(), this.#settings.sweepHours * 60 * 60_000);
    this.#timer.unref();
  }

  /** One sweep (joins the one running, if any); failures are logged and remembered, never thrown. */
  sweepNow(): Promise<void> {
    this.#inFlight ??= this.#sweep().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #sweep(): Promise<void> {
    try {
      const run = await sweepRetention(this.#database, this.#settings, Date.now(), { stopped: () => this.#stopped });
      this.#last = { run, error: null, failedAt: null };
      this.#log.info({ retention: run.counts, cutoffs: run.cutoffs }, describeRun(run));
      await this.#onSwept?.(run);
    } catch (error) {
      if (this.#stopped) return; // The database closed under a sweep cut short: nothing to report.
      const reason = error instanceof Error ? error.message : String(error);
      this.#last = { ...this.#last, error: reason, failedAt: new Date().toISOString() };
      this.#log.error({ err: error }, `Retention sweep failed (${reason}); it runs again in ${this.#settings.sweepHours} h.`);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }
}

export function describeRun(run: SweepRun): string {
  const { statements, attempts, classes, sessions, deviceCodes, rateLimitEvents, kept } = run.counts;
  return (
    `Retention sweep deleted ${statements} statement(s) stored before ${run.cutoffs.statements}, ${classes} class(es) with their progress idle since then, ` +
    `${attempts} unfinished attempt(s) idle since ${run.cutoffs.attempts}, ` +
    `${sessions} session(s), ${deviceCodes} device code(s) and ${rateLimitEvents} rate-limit event(s) ended before ${run.cutoffs.sessions}` +
    (kept > 0 ? `; kept ${kept} row(s) still referenced elsewhere.` : '.')
  );
}
