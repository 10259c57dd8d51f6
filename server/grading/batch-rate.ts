// How often one learner may send a batch of attempt actions: a token bucket per learner (the
// policy's `actionBatches`), checked before the batch touches the database. A learner over it gets
// 429 with Retry-After; the browser's outbox keeps the actions and sends them after the wait.
import { RequestError } from '../http/request-error.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class BatchRate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: { readonly perSecond: number; readonly burst: number },
    private readonly now: () => number,
  ) {}

  /** Takes one batch from the learner's bucket, or throws 429 saying how long to wait. */
  take(userId: string): void {
    const nowMs = this.now();
    const { perSecond, burst } = this.rate;
    const bucket = this.buckets.get(userId);
    const tokens = bucket === undefined ? burst : Math.min(burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond);
    if (tokens >= 1) {
      this.buckets.set(userId, { tokens: tokens - 1, at: nowMs });
      this.prune(nowMs);
      return;
    }
    const waitSeconds = Math.max(1, Math.ceil((1 - tokens) / perSecond));
    throw new RequestError(
      429,
      `Too many batches of attempt actions: at most ${perSecond} a second (${burst} at once). Wait ${waitSeconds} s and send them again; nothing was lost.`,
      { 'retry-after': String(waitSeconds) },
      { reason: 'action-rate', retryAfterSeconds: waitSeconds },
    );
  }

  /** Forgets learners whose bucket is full again, so the map holds only recent senders. */
  private prune(nowMs: number): void {
    if (this.buckets.size < 10_000) return;
    const { perSecond, burst } = this.rate;
    for (const [userId, bucket] of this.buckets)
      if (bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond >= burst) this.buckets.delete(userId);
  }
}
