import { describe, expect, it } from 'vitest';
import type { AttemptAction } from './attempt-actions.ts';
import { EngineError, replayAttempt } from './attempt-reducer.ts';
import { createAttemptStore } from './attempt-store.ts';
import { currentStep } from './attempt-state.ts';
import { summarizeAttempt } from './attempt-summary.ts';
import { deriveEvents, type LearningEvent } from './learning-events.ts';
import type { StepResponse } from './responses.ts';
import { walkDialogue } from './step-kinds/dialogue/index.ts';
import { orderedPairShare } from './step-kinds/sequence/index.ts';
import { loadMiniCourse, MINI_PASSING, playResponses } from './test-course.ts';

const course = loadMiniCourse();

function makeStore(log?: readonly AttemptAction[], events?: LearningEvent[]) {
  let t = 1_000;
  let saved: readonly AttemptAction[] = [];
  const store = createAttemptStore({
    course,
    ...(log && { log }),
    now: () => (t += 1_000),
    newId: () => 'attempt-1',
    onLog: (l) => (saved = l),
    ...(events && { onEvent: (e: LearningEvent) => events.push(e) }),
  });
  return { store, saved: () => saved };
}

const play = playResponses;
const passing = MINI_PASSING;

const failing: StepResponse[] = [
  { type: 'inspect', found: { stick: 'open', green: null } },
  { type: 'choice', selected: ['none'] },
  { type: 'classify', placements: { faq: 'important', grid: 'general' } },
  { type: 'sequence', order: ['publish', 'mask', 'assess'] },
  { type: 'dialogue', path: ['allow'] },
];

describe('attempt engine', () => {
  it('scores a perfect run at the maximum and passes', () => {
    const { store } = makeStore();
    play(store, passing);
    const summary = summarizeAttempt(course, store.getState());
    expect(store.getState().status).toBe('finished');
    expect(summary).toMatchObject({ score: 22, max: 22, scaled: 1, passed: true, completed: true });
    expect(summary.dimensions).toEqual([
      { dimensionId: 'protect', score: 14, max: 14, scaled: 1 },
      { dimensionId: 'law', score: 8, max: 8, scaled: 1 },
    ]);
  });

  it('scores a poor run with partial credit and fails it', () => {
    const { store } = makeStore();
    play(store, failing);
    const records = store.getState().records;
    // inspect: found the stick (2) but a risky fix (-2), flagged a decoy (-1): clamped to 0.
    expect(records.map((r) => r.result.score)).toEqual([0, 0, 1, 0, 0]);
    const summary = summarizeAttempt(course, store.getState());
    expect(summary.passed).toBe(false);
    expect(summary.score).toBe(1);
    const inspect = records[0]!.result.lines;
    expect(inspect.find((l) => l.ref === 'screen')?.verdict).toBe('missed');
    expect(inspect.find((l) => l.ref === 'green')?.points).toBe(-1);
  });

  it('gives partial credit: a weaker fix, a partial bin, one swapped pair', () => {
    const { store } = makeStore();
    play(store, [
      { type: 'inspect', found: { screen: 'off', stick: 'hand-in' } },
      { type: 'choice', selected: ['dsl'] },
      { type: 'classify', placements: { faq: 'general', grid: 'general' } },
      { type: 'sequence', order: ['mask', 'assess', 'publish'] },
    ]);
    expect(store.getState().records.map((r) => r.result.score)).toEqual([8, 2, 3, 2]);
    expect(orderedPairShare(['a', 'b', 'c'], ['c', 'b', 'a'])).toBe(0);
  });

  it('branches a dialogue on earlier choices', () => {
    const step = course.scenes[1]!.steps[2]!;
    if (step.type !== 'dialogue') throw new Error('fixture changed');
    expect(walkDialogue(step, ['allow'])).toMatchObject({ ended: true, vars: { risk: 1 }, node: { id: 'bad' } });
    expect(walkDialogue(step, ['refuse'])).toMatchObject({ ended: true, vars: { risk: 0 }, node: { id: 'good' } });
    expect(walkDialogue(step, [])).toMatchObject({ ended: false, node: { id: 'n1' } });
    expect(walkDialogue(step, ['nope']).error).toBe('node "n1" has no option "nope"');
  });

  it('rejects actions that do not fit the state, with a reason', () => {
    const { store } = makeStore();
    const { actions } = store.getState();
    expect(() => actions.submit()).toThrow(EngineError);
    actions.start();
    expect(() => actions.advance()).toThrow('submit the current step before moving on');
    expect(() => actions.respond({ type: 'choice', selected: ['x'] })).toThrow('step "hunt" is a inspect step, not choice');
    expect(() => actions.respond({ type: 'inspect', found: { ghost: null } })).toThrow('unknown hotspot "ghost"');
    actions.respond({ type: 'inspect', found: {} });
    actions.submit();
    expect(() => actions.respond({ type: 'inspect', found: { screen: 'lock' } })).toThrow('already graded');
    actions.advance();
    expect(() => actions.submit()).toThrow('step "why" is not finished yet');
  });

  it('resumes from a saved log at the same step with the same score', () => {
    const first = makeStore();
    play(first.store, passing.slice(0, 2));
    first.store.getState().actions.respond({ type: 'classify', placements: { faq: 'general' } });
    const resumed = makeStore(first.saved()).store.getState();
    expect(resumed.sceneIndex).toBe(1);
    expect(resumed.stepIndex).toBe(0);
    expect(resumed.draft).toEqual({ type: 'classify', placements: { faq: 'general' } });
    expect(summarizeAttempt(course, resumed).score).toBe(12);
    expect(currentStep(course, resumed)?.id).toBe('grade');
  });

  it('is deterministic: replaying the log gives the same state', () => {
    const { store, saved } = makeStore();
    play(store, passing);
    const { actions: _a, ...live } = store.getState();
    expect(replayAttempt(course, saved())).toEqual(live);
  });

  it('emits typed learning events with ids stable across a reload', () => {
    const live: LearningEvent[] = [];
    const first = makeStore(undefined, live);
    play(first.store, passing.slice(0, 3));
    const resumedEvents: LearningEvent[] = [];
    const second = makeStore(first.saved(), resumedEvents);
    play(second.store, passing.slice(3));
    const all = [...live, ...resumedEvents];
    expect(all.map((e) => e.id)).toEqual(deriveEvents(course, second.saved()).map((e) => e.id));
    expect(all.map((e) => e.type)).toEqual([
      'attempt-started',
      'step-presented',
      'responded',
      'evaluated',
      'step-presented',
      'responded',
      'evaluated',
      'scene-completed',
      'step-presented',
      'responded',
      'evaluated',
      'step-presented',
      'responded',
      'evaluated',
      'step-presented',
      'responded',
      'evaluated',
      'scene-completed',
      'attempt-finished',
    ]);
    expect(all.at(-1)).toMatchObject({ type: 'attempt-finished', score: 22, max: 22, passed: true });
    expect(all.find((e) => e.type === 'responded')).toMatchObject({ sceneId: 'desk', stepId: 'hunt', response: passing[0] });
  });
});
