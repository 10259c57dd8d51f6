// Pure transitions of an attempt. An action that does not fit the current state is rejected with
// an EngineError saying why; the log only ever holds actions that applied.
import type { AttemptAction } from './attempt-actions.ts';
import { playOf, type AttemptPlay, type PlaySource } from './attempt-play.ts';
import { currentScene, currentStep, INITIAL_ATTEMPT, type AttemptState } from './attempt-state.ts';
import type { PlayedCourse } from './public-view.ts';
import { checkResponse, emptyResponse, responseComplete } from './step-kinds/index.ts';

export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

function isEmptyResponse(state: AttemptState, course: PlayedCourse): boolean {
  const step = currentStep(course, state);
  return !step || !state.draft || JSON.stringify(state.draft) === JSON.stringify(emptyResponse(step));
}

/** The next state. A course file is played open-book; an assessment's browser passes its public view and grader. */
export function reduceAttempt(source: PlaySource, state: AttemptState, action: AttemptAction): AttemptState {
  return reduce(playOf(source), state, action);
}

function reduce({ course, grader }: AttemptPlay, state: AttemptState, action: AttemptAction): AttemptState {
  const log = [...state.log, action];
  switch (action.kind) {
    case 'start': {
      if (state.status !== 'not-started') throw new EngineError('the attempt has already started');
      if (action.courseId !== course.id)
        throw new EngineError(`this attempt is for course "${action.courseId}", not "${course.id}"`);
      if (action.courseVersion !== course.version) {
        throw new EngineError(
          `this attempt was made on version ${action.courseVersion} of the course; version ${course.version} is loaded`,
        );
      }
      const first = course.scenes[0]?.steps[0];
      return {
        ...INITIAL_ATTEMPT,
        attemptId: action.attemptId,
        courseId: action.courseId,
        courseVersion: action.courseVersion,
        mode: action.mode,
        status: 'in-progress',
        draft: first ? emptyResponse(first) : null,
        presentedAt: action.at,
        startedAt: action.at,
        log,
      };
    }
    case 'respond': {
      const step = currentStep(course, state);
      if (!step) throw new EngineError('there is no step to respond to');
      if (state.phase === 'evaluated')
        throw new EngineError(`step "${step.id}" is already graded: responses can no longer change`);
      const problem = checkResponse(step, action.response);
      if (problem) throw new EngineError(problem);
      const next: AttemptState = { ...state, draft: action.response, log };
      return { ...next, phase: isEmptyResponse(next, course) ? 'presented' : 'responding' };
    }
    case 'submit': {
      const scene = currentScene(course, state);
      const step = currentStep(course, state);
      if (!scene || !step || !state.draft) throw new EngineError('there is no step to submit');
      if (state.phase === 'evaluated') throw new EngineError(`step "${step.id}" is already graded`);
      if (!responseComplete(step, state.draft)) throw new EngineError(`step "${step.id}" is not finished yet`);
      const result = grader.grade(scene.id, step, state.draft);
      const record = {
        sceneId: scene.id,
        stepId: step.id,
        response: state.draft,
        result,
        presentedAt: state.presentedAt,
        evaluatedAt: action.at,
      };
      return { ...state, phase: 'evaluated', records: [...state.records, record], log };
    }
    case 'advance': {
      if (state.status !== 'in-progress') throw new EngineError('the attempt is not in progress');
      if (state.phase !== 'evaluated') throw new EngineError('submit the current step before moving on');
      const scene = course.scenes[state.sceneIndex]!;
      let sceneIndex = state.sceneIndex;
      let stepIndex = state.stepIndex + 1;
      if (stepIndex >= scene.steps.length) {
        sceneIndex += 1;
        stepIndex = 0;
      }
      const nextStep = course.scenes[sceneIndex]?.steps[stepIndex];
      if (!nextStep) return { ...state, status: 'finished', finishedAt: action.at, draft: null, log };
      return { ...state, sceneIndex, stepIndex, phase: 'presented', draft: emptyResponse(nextStep), presentedAt: action.at, log };
    }
  }
}

/** Rebuilds an attempt from its log. Throws EngineError if the log does not replay on this course. */
export function replayAttempt(source: PlaySource, log: readonly AttemptAction[]): AttemptState {
  const play = playOf(source);
  return log.reduce((state, action) => reduce(play, state, action), INITIAL_ATTEMPT);
}
