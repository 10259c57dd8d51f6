// The graded state of recently active attempts, so a batch is graded from where the last one left
// off instead of replaying the whole log (./attempt-grader.ts). Only a cache: an entry is used only
// for the exact number of actions the stored row holds (the log is append-only, so that count names
// one log), is taken out while a batch is graded and put back only once its write committed. Any
// miss (another server process, a restart, an evicted or failed batch) replays the stored log.
import type { GradedPoint } from './attempt-grader.ts';

export class GradedAttempts {
  private readonly points = new Map<string, GradedPoint>();

  /** `capacity`: attempts kept; the least recently graded goes first. */
  constructor(private readonly capacity = 500) {}

  /** The graded state of the attempt after exactly `received` actions, removed from the cache; or undefined. */
  take(attemptId: string, received: number): GradedPoint | undefined {
    const point = this.points.get(attemptId);
    if (point === undefined) return undefined;
    this.points.delete(attemptId);
    return point.state.log.length === received ? point : undefined;
  }

  /** Keeps the graded state of an attempt whose write committed; a finished attempt takes no more actions and is not kept. */
  keep(attemptId: string, point: GradedPoint): void {
    this.points.delete(attemptId);
    if (point.state.status === 'finished' || this.capacity < 1) return;
    this.points.set(attemptId, point);
    if (this.points.size > this.capacity) {
      const oldest = this.points.keys().next();
      if (oldest.done !== true) this.points.delete(oldest.value);
    }
  }

  get size(): number {
    return this.points.size;
  }
}
