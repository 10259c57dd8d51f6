// The timed step's clock rules: it starts at Start (or, for answers from before Start existed, at
// presentation), Start is stamped once, and extra time lengthens the limit while slowing the
// simulated incident, so the same actions at the same simulated pace earn the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../course/parse.ts';
import type { TimedStep } from '../course/schema.ts';
import { extraTimeStep, isExtraTimeFactor, withExtraTime } from './extra-time.ts';
import { timedEdits } from './response-edits.ts';
import { gradeStep } from './step-kinds/index.ts';
import { BRIEFING_MAX_MS, runTimedClock, timedStartMs } from './step-kinds/timed/clock.ts';
import type { TimedResponse } from './responses.ts';

const text = readFileSync(new URL('../course/fixtures/lab-timed-course.yaml', import.meta.url), 'utf8');
const parsed = parseCourseText(text, 'lab-timed.yaml');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const course = parsed.course;
const timed = course.scenes[1]!.steps[0] as TimedStep;
const EMPTY: TimedResponse = { type: 'timed', done: [], endedMs: null };

describe('the clock starts at Start', () => {
  it('has not started on the briefing, starts once, and counts answers from before Start from presentation', () => {
    expect(timedStartMs(EMPTY)).toBeNull();
    const started = timedEdits.start(EMPTY, 42_000.4);
    expect(started).toEqual({ ...EMPTY, startedMs: 42_000 });
    expect(timedStartMs(started)).toBe(42_000);
    // A second Start changes nothing: the first moment stands.
    expect(timedEdits.start(started, 90_000)).toBe(started);
    // An answer recorded before the step had a Start ran from presentation.
    const beforeStart: TimedResponse = { type: 'timed', done: [{ id: 'a', atMs: 5 }], endedMs: null };
    expect(timedStartMs(beforeStart)).toBe(0);
    expect(BRIEFING_MAX_MS).toBe(300_000);
  });

  it('grades action times from Start: the briefing costs nothing', () => {
    const action = timed.actions.find((a) => a.points > 0)!.id;
    const fast = gradeStep(timed, { type: 'timed', done: [{ id: action, atMs: 1_000 }], endedMs: 2_000 });
    const afterBriefing = gradeStep(timed, {
      type: 'timed',
      startedMs: 120_000,
      done: [{ id: action, atMs: 1_000 }],
      endedMs: 2_000,
    });
    expect(afterBriefing).toEqual(fast);
  });
});

describe('extra time', () => {
  it('accepts only the factors an admin may grant', () => {
    expect([1, 1.25, 1.5, 2].every(isExtraTimeFactor)).toBe(true);
    expect([0, 0.5, 1.75, 3, '2', null].some(isExtraTimeFactor)).toBe(false);
  });

  it('lengthens the limit and slows the incident by the factor, and leaves other steps alone', () => {
    const scaled = extraTimeStep(timed, 1.5);
    expect(scaled.timeLimitSeconds).toBe(Math.round(timed.timeLimitSeconds * 1.5));
    expect(scaled.minutesPerSecond).toBeCloseTo(timed.minutesPerSecond / 1.5, 10);
    const lab = course.scenes[0]!.steps[0]!;
    expect(extraTimeStep(lab, 2)).toBe(lab);
    expect(withExtraTime(course, 1)).toBe(course);
    const doubled = withExtraTime(course, 2);
    expect(withExtraTime(course, 2)).toBe(doubled);
    expect((doubled.scenes[1]!.steps[0] as TimedStep).timeLimitSeconds).toBe(timed.timeLimitSeconds * 2);
    expect(course.scenes[1]!.steps[0]).toBe(timed);
  });

  it('counts an action after the plain limit but within the longer one, at the same simulated minute', () => {
    const action = timed.actions.find((a) => a.points > 0)!;
    const at = timed.timeLimitSeconds * 1000 + 5_000;
    const answer: TimedResponse = { type: 'timed', done: [{ id: action.id, atMs: at }], endedMs: at };
    const line = (step: TimedStep) => gradeStep(step, answer).lines.find((l) => l.ref === action.id)!;
    expect(line(timed).verdict).toBe('missed');
    const doubled = extraTimeStep(timed, 2);
    expect(line(doubled).verdict).toBe('full');
    // Twice the real time at half the pace: the incident stands where it would at half the time.
    expect(runTimedClock(doubled, [], 60_000).minutes).toBeCloseTo(runTimedClock(timed, [], 30_000).minutes, 5);
  });
});
