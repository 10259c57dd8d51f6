// A response against the clock: each action's points, the deadlines met on the simulated clock,
// the good actions left undone, and the outcome the counter reached when the learner stopped.
import { z } from 'zod';
import { stepMaxPoints } from '../../../course/max-score.ts';
import type { TimedStep } from '../../../course/schema.ts';
import type { FeedbackLine } from '../../responses.ts';
import { elapsed, ref } from '../response-schema.ts';
import { stableShuffle } from '../shuffle.ts';
import { publicOption, summedGrade, unknownIds, type PublicOption, type PublicStepBase, type StepKind } from '../step-kind.ts';
import { runTimedClock, timedOutcome } from './clock.ts';
import { demoTimedAnswer } from './demo-answer.ts';

/** The clock and the actions' costs (the learner plays against them), not the deadlines or the outcomes. */
export type PublicTimedStep = PublicStepBase & {
  readonly type: 'timed';
  readonly timeLimitSeconds: number;
  readonly minutesPerSecond: number;
  readonly counter: TimedStep['counter'];
  readonly actions: readonly (PublicOption & { readonly minutes: number; readonly spreadFactor?: number | undefined })[];
};

/**
 * What the learner has answered so far: plain JSON, what the browser sends and the grader replays.
 * The step opens on its briefing; the clock starts when the learner presses Start (`startedMs`).
 * A response with actions and no `startedMs` (recorded before the step had a Start) started when
 * the step was presented.
 */
export type TimedResponse = {
  readonly type: 'timed';
  /** Real milliseconds after the step was presented at which the learner pressed Start; absent before. */
  readonly startedMs?: number | undefined;
  /** Actions taken, in order, with real milliseconds since the clock started. */
  readonly done: readonly { readonly id: string; readonly atMs: number }[];
  /** Real milliseconds since the clock started at which the learner stopped (or the time ran out); null while running. */
  readonly endedMs: number | null;
};

export const timedKind: StepKind<TimedStep, PublicTimedStep, TimedResponse> = {
  responseSchema: z.strictObject({
    type: z.literal('timed'),
    startedMs: elapsed.optional(),
    done: z.array(z.strictObject({ id: ref, atMs: elapsed })).max(200),
    endedMs: elapsed.nullable(),
  }),
  publicStep: (step, base) => ({
    ...base,
    type: 'timed',
    timeLimitSeconds: step.timeLimitSeconds,
    minutesPerSecond: step.minutesPerSecond,
    counter: step.counter,
    actions: stableShuffle(
      step.actions.map((a) => ({
        ...publicOption(a),
        minutes: a.minutes,
        ...(a.spreadFactor !== undefined && { spreadFactor: a.spreadFactor }),
      })),
      step.id,
    ),
  }),
  empty: () => ({ type: 'timed', done: [], endedMs: null }),
  check: (step, r) => {
    const ids = r.done.map((d) => d.id);
    if (new Set(ids).size !== ids.length) return 'an action is taken twice';
    for (let i = 1; i < r.done.length; i++)
      if (r.done[i]!.atMs < r.done[i - 1]!.atMs) return 'actions must be in the order they were taken';
    if (r.done.some((d) => d.atMs < 0) || (r.endedMs !== null && r.endedMs < (r.done.at(-1)?.atMs ?? 0)))
      return 'times must not run backwards';
    return unknownIds(
      ids,
      step.actions.map((a) => a.id),
      'action',
    );
  },
  // Over when the learner says so or the time runs out (the UI then records endedMs).
  complete: (_step, r) => r.endedMs !== null,
  grade: (step, r) => {
    const limitMs = step.timeLimitSeconds * 1000;
    // Actions stamped after the time ran out did not happen in time.
    const done = r.done.filter((d) => d.atMs <= limitMs);
    // The incident runs on to the end of the window whether or not the learner stopped early:
    // only containment, not walking away, keeps the counter down.
    const clock = runTimedClock(step, done, limitMs);
    const lines: FeedbackLine[] = [];
    for (const entry of done) {
      const action = step.actions.find((a) => a.id === entry.id)!;
      lines.push({
        ref: action.id,
        points: action.points,
        verdict: action.points > 0 ? 'full' : action.points < 0 ? 'wrong' : 'partial',
        text: action.feedback,
      });
    }
    for (const action of step.actions) {
      if (action.points > 0 && !done.some((d) => d.id === action.id))
        lines.push({ ref: action.id, points: 0, verdict: 'missed', text: action.feedback });
    }
    for (const deadline of step.deadlines ?? []) {
      const at = clock.finishedAt[deadline.action];
      const met = at !== undefined && at <= deadline.byMinute;
      lines.push({
        ref: `deadline:${deadline.action}`,
        points: met ? deadline.points : 0,
        verdict: met ? 'full' : 'missed',
        text: deadline.feedback,
      });
    }
    const outcome = timedOutcome(step, clock.counter);
    lines.push({
      ref: 'outcome',
      points: 0,
      verdict: 'info',
      text: {
        'zh-CN': `${outcome.text['zh-CN']}（${clock.minutes} 分钟时，${step.counter.label['zh-CN']} ${clock.counter}）`,
        en: `${outcome.text.en} (at ${clock.minutes} simulated minutes, ${step.counter.label.en}: ${clock.counter})`,
      },
    });
    return summedGrade(lines, stepMaxPoints(step));
  },
  interaction: () => ({ interactionType: 'other' }),
  // Stopped at once, nothing done.
  sampleAnswer: () => ({ type: 'timed', done: [], endedMs: 0 }),
  demoAnswer: (step, skill, random) => {
    const response = demoTimedAnswer(step, skill, random, (s, r) => timedKind.grade(s, r).score);
    return { response, thinkMs: (response.endedMs ?? 0) + 1_000 };
  },
};
