// A response against the clock: each action's points, the deadlines met on the simulated clock,
// the good actions left undone, and the outcome the counter reached when the learner stopped.
import { stepMaxPoints } from '../../course/max-score.ts';
import type { TimedStep } from '../../course/schema.ts';
import type { FeedbackLine, TimedResponse } from '../responses.ts';
import { runTimedClock, timedOutcome } from '../timed-clock.ts';
import { clamp, unknownIds, type StepKind } from './step-kind.ts';

export const timedKind: StepKind<TimedStep, TimedResponse> = {
  empty: () => ({ type: 'timed', done: [], endedMs: null }),
  check: (step, r) => {
    const ids = r.done.map((d) => d.id);
    if (new Set(ids).size !== ids.length) return 'an action is taken twice';
    for (let i = 1; i < r.done.length; i++) if (r.done[i]!.atMs < r.done[i - 1]!.atMs) return 'actions must be in the order they were taken';
    if (r.done.some((d) => d.atMs < 0) || (r.endedMs !== null && r.endedMs < (r.done.at(-1)?.atMs ?? 0))) return 'times must not run backwards';
    return unknownIds(ids, step.actions.map((a) => a.id), 'action');
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
      lines.push({ ref: action.id, points: action.points, verdict: action.points > 0 ? 'full' : action.points < 0 ? 'wrong' : 'partial', text: action.feedback });
    }
    for (const action of step.actions) {
      if (action.points > 0 && !done.some((d) => d.id === action.id)) lines.push({ ref: action.id, points: 0, verdict: 'missed', text: action.feedback });
    }
    for (const deadline of step.deadlines ?? []) {
      const at = clock.finishedAt[deadline.action];
      const met = at !== undefined && at <= deadline.byMinute;
      lines.push({ ref: `deadline:${deadline.action}`, points: met ? deadline.points : 0, verdict: met ? 'full' : 'missed', text: deadline.feedback });
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
    const max = stepMaxPoints(step);
    return { score: clamp(lines.reduce((s, l) => s + l.points, 0), 0, max), max, lines };
  },
};
