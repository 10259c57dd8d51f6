// Timed steps on the server's clock. The browser stamps each action of a timed step with the real
// milliseconds since the learner pressed Start, but its clock is the learner's. The server knows
// when it released the step (when the action that presents it arrived: the start, or the advance
// into it), when the Start arrived (the first response holding `startedMs`), and when each part of
// the answer arrived; an action cannot have been taken later than it arrived, and — the browser
// sends each action as it happens — not much earlier either. So a claimed time earlier than the
// server saw, by more than the tolerance, is moved to the server's time (less the tolerance)
// before grading:
//
// - the clock starts when the Start arrived, but no later than the briefing's limit
//   (`BRIEFING_MAX_MS`) after the step was released: a client that holds Start back gains at most
//   that much reading time; an answer without a Start (as sent before steps had one) is timed from
//   the release;
// - each action taken: to when the first response holding it arrived;
// - the end of the step: to when the submit arrived.
//
// A step whose presenting action arrived in the same batch as its submit was never released by
// the server before its answer (played offline): the server cannot vouch for any of its times, so
// every action and the end count as taken when the step's time ran out. Timed steps in an
// assessment need the network.
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { currentStep, type AttemptState } from '../../src/engine/attempt-state.ts';
import type { PlayedCourse, PublicStep } from '../../src/engine/public-view.ts';
import type { TimedResponse } from '../../src/engine/responses.ts';
import { BRIEFING_MAX_MS } from '../../src/engine/step-kinds/timed/clock.ts';

export interface ServerTiming {
  /** When the server received each action of the log, ms on its clock; undefined where unknown (older rows). */
  readonly arrivals: readonly (number | undefined)[];
  /** How far a claimed time may fall short of the server's before it is corrected. */
  readonly toleranceMs: number;
}

type TimedStepShape = Extract<PublicStep, { type: 'timed' }>;

export class TimedWitness {
  /** Index in the log of the action that presented the current step. */
  private presentedIndex = -1;
  /** For each action id in the current draft: when the server first received a response holding it (since then without a gap). */
  private firstSeen = new Map<string, number | undefined>();
  /** Index in the log of the first response to the current step holding its Start; -1 before. */
  private startIndex = -1;

  constructor(private readonly timing: ServerTiming) {}

  /** This witness, where it stands in the log, following a longer log from here on (this one stays as it is). */
  continued(timing: ServerTiming): TimedWitness {
    const next = new TimedWitness(timing);
    next.presentedIndex = this.presentedIndex;
    next.firstSeen = new Map(this.firstSeen);
    next.startIndex = this.startIndex;
    return next;
  }

  /** Follows the log: call after each action is applied. */
  observe(course: PlayedCourse, after: AttemptState, action: AttemptAction, index: number): void {
    if (action.kind === 'start' || action.kind === 'advance') {
      this.presentedIndex = index;
      this.firstSeen = new Map();
      this.startIndex = -1;
      return;
    }
    if (action.kind !== 'respond' || action.response.type !== 'timed' || currentStep(course, after)?.type !== 'timed') return;
    if (this.startIndex < 0 && action.response.startedMs !== undefined) this.startIndex = index;
    const arrived = this.timing.arrivals[index];
    const seen = new Map<string, number | undefined>();
    for (const entry of action.response.done)
      seen.set(entry.id, this.firstSeen.has(entry.id) ? this.firstSeen.get(entry.id) : arrived);
    this.firstSeen = seen;
  }

  /** The draft as graded: its claimed times, moved no earlier than the server saw them (less the tolerance). */
  corrected(step: TimedStepShape, draft: TimedResponse, submitIndex: number): TimedResponse {
    const released = this.timing.arrivals[this.presentedIndex];
    const answered = this.timing.arrivals[submitIndex];
    if (released === undefined || answered === undefined) return draft;
    const limitMs = step.timeLimitSeconds * 1000;
    if (answered <= released) {
      // Released and answered in one batch: nothing the server saw bounds the claimed times.
      return { ...draft, done: draft.done.map((entry) => ({ ...entry, atMs: limitMs })), endedMs: limitMs };
    }
    const tolerance = this.timing.toleranceMs;
    const clockStart = this.clockStart(released);
    const seenAt = (arrival: number | undefined): number =>
      arrival === undefined ? 0 : Math.max(0, arrival - clockStart - tolerance);
    return {
      ...draft,
      done: draft.done.map((entry) => ({ ...entry, atMs: Math.max(entry.atMs, seenAt(this.firstSeen.get(entry.id))) })),
      endedMs: draft.endedMs === null ? null : Math.max(draft.endedMs, seenAt(answered)),
    };
  }

  /** When the step's clock started on the server's clock: at its Start, at the latest the briefing's limit after its release. */
  private clockStart(released: number): number {
    if (this.startIndex < 0) return released;
    const started = this.timing.arrivals[this.startIndex];
    return Math.min(started ?? released, released + BRIEFING_MAX_MS);
  }
}
