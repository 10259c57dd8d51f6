// How much one learner may make the server work on attempt actions, checked as each batch arrives
// before it touches the database: a token bucket of batches per learner (the policy's
// `actionBatches`), and a budget of the server's time spent recording them (`batchWork`: the ms
// each batch held the write transaction are charged to its learner). A batch's cost grows with its
// attempt's log, so counting batches alone would let a learner with a long attempt take the
// server; the time budget bounds what any learner can take. Beyond either: 429 with Retry-After;
// the browser's outbox keeps the actions and sends them after the wait.
import { RequestError } from '../http/request-error.ts';

interface Bucket {
  /** Batches left. */
  batches: number;
  /** Ms of work left; below zero after a batch that cost more than was left. */
  workMs: number;
  at: number;
}

export interface BatchLimits {
  readonly actionBatches: { readonly perSecond: number; readonly burst: number };
  readonly batchWork: { readonly msPerSecond: number; readonly burstMs: number };
}

export class BatchRate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: BatchLimits,
    private readonly now: () => number,
  ) {}

  /** The learner's bucket, refilled to now. */
  private bucket(userId: string, nowMs: number): Bucket {
    const { actionBatches, batchWork } = this.limits;
    const known = this.buckets.get(userId);
    const seconds = known === undefined ? 0 : Math.max(0, nowMs - known.at) / 1000;
    const bucket: Bucket =
      known === undefined
        ? { batches: actionBatches.burst, workMs: batchWork.burstMs, at: nowMs }
        : {
            batches: Math.min(actionBatches.burst, known.batches + seconds * actionBatches.perSecond),
            workMs: Math.min(batchWork.burstMs, known.workMs + seconds * batchWork.msPerSecond),
            at: nowMs,
          };
    this.buckets.set(userId, bucket);
    return bucket;
  }

  /** Takes one batch from the learner's bucket, or throws 429 saying how long to wait. */
  take(userId: string): void {
    const nowMs = this.now();
    const { actionBatches, batchWork } = this.limits;
    const bucket = this.bucket(userId, nowMs);
    if (bucket.batches < 1) {
      const waitSeconds = Math.max(1, Math.ceil((1 - bucket.batches) / actionBatches.perSecond));
      throw tooMany(
        `Too many batches of attempt actions: at most ${actionBatches.perSecond} a second (${actionBatches.burst} at once). Wait ${waitSeconds} s and send them again; nothing was lost.`,
        waitSeconds,
      );
    }
    if (bucket.workMs <= 0) {
      const waitSeconds = Math.max(1, Math.ceil((1 - bucket.workMs) / batchWork.msPerSecond));
      throw tooMany(
        `Your batches of attempt actions have taken the server more time than one learner may use (${batchWork.msPerSecond} ms a second). Wait ${waitSeconds} s and send them again; nothing was lost.`,
        waitSeconds,
      );
    }
    bucket.batches -= 1;
    this.prune(nowMs);
  }

  /** Charges the ms a batch of the learner's kept the server busy. */
  charge(userId: string, ms: number): void {
    this.bucket(userId, this.now()).workMs -= ms;
  }

  /** Forgets learners whose buckets are full again, so the map holds only recent senders. */
  private prune(nowMs: number): void {
    if (this.buckets.size < 10_000) return;
    const { actionBatches, batchWork } = this.limits;
    for (const [userId, bucket] of this.buckets) {
      const seconds = Math.max(0, nowMs - bucket.at) / 1000;
      if (
        bucket.batches + seconds * actionBatches.perSecond >= actionBatches.burst &&
        bucket.workMs + seconds * batchWork.msPerSecond >= batchWork.burstMs
      )
        this.buckets.delete(userId);
    }
  }
}

function tooMany(message: string, waitSeconds: number): RequestError {
  return new RequestError(
    429,
    message,
    { 'retry-after': String(waitSeconds) },
    { reason: 'action-rate', retryAfterSeconds: waitSeconds },
  );
}
