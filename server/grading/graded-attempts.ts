// The graded state of recently active attempts, so a batch is graded from where the last one left
// off instead of replaying the whole log (./attempt-grader.ts). Only a cache: an entry is used only
// for the exact number of actions the stored row holds (the log is append-only, so that count names
// one log), is taken out while a batch is graded and put back only once its write committed. Any
// miss (another server process, a restart, an evicted or failed batch) replays the stored log.
import type { GradedPoint } from './attempt-grader.ts';

export class GradedAttempts {
  private readonly points = new Map<string, GradedPoint>();
  private actions = 0;

  /** `capacity`: actions kept over all attempts (memory grows with them); the least recently graded attempts go first. */
  constructor(private readonly capacity = 200_000) {}

  /** The graded state of the attempt after exactly `received` actions, removed from the cache; or undefined. */
  take(attemptId: string, received: number): GradedPoint | undefined {
    const point = this.remove(attemptId);
    return point?.state.log.length === received ? point : undefined;
  }

  /** Keeps the graded state of an attempt whose write committed; a finished attempt takes no more actions and is not kept. */
  keep(attemptId: string, point: GradedPoint): void {
    this.remove(attemptId);
    const size = point.state.log.length;
    if (point.state.status === 'finished' || size > this.capacity) return;
    this.points.set(attemptId, point);
    this.actions += size;
    for (const oldest of this.points.keys()) {
      if (this.actions <= this.capacity) break;
      this.remove(oldest);
    }
  }

  /** Attempts kept. */
  get size(): number {
    return this.points.size;
  }

  private remove(attemptId: string): GradedPoint | undefined {
    const point = this.points.get(attemptId);
    if (point === undefined) return undefined;
    this.points.delete(attemptId);
    this.actions -= point.state.log.length;
    return point;
  }
}
