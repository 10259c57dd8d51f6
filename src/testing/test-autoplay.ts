// E2E builds only: fills the current step with some complete response, so a test (or a
// screenshot script) can jump to a later step without clicking through every earlier one. Each
// step kind says what that response is, from what the learner is shown.
import type { AttemptStore } from '../engine/attempt-store.ts';
import { currentStep } from '../engine/attempt-state.ts';
import type { PlayedCourse } from '../engine/public-view.ts';
import { sampleAnswer } from '../engine/step-kinds/index.ts';

export function completeCurrentStep(course: PlayedCourse, attempt: AttemptStore): void {
  const state = attempt.getState();
  const step = currentStep(course, state);
  if (!step || !state.draft) return;
  if (state.phase === 'evaluated') {
    state.actions.advance();
    return;
  }
  state.actions.respond(sampleAnswer(step, state.draft));
  state.actions.submit();
  state.actions.advance();
}
