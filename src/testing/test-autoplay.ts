// E2E builds only: fills the current step with some complete response, so a test (or a
// screenshot script) can jump to a later step without clicking through every earlier one.
import type { Course } from '../course/schema.ts';
import type { AttemptStore } from '../engine/attempt-store.ts';
import { currentStep } from '../engine/attempt-state.ts';
import type { StepResponse } from '../engine/responses.ts';
import { walkDialogue } from '../engine/step-kinds/dialogue.ts';

export function completeCurrentStep(course: Course, attempt: AttemptStore): void {
  const state = attempt.getState();
  const step = currentStep(course, state);
  if (!step || !state.draft) return;
  if (state.phase === 'evaluated') {
    state.actions.advance();
    return;
  }
  let response: StepResponse = state.draft;
  switch (step.type) {
    case 'choice':
      response = { type: 'choice', selected: [step.options[0]!.id] };
      break;
    case 'classify':
      response = { type: 'classify', placements: Object.fromEntries(step.items.map((i) => [i.id, step.bins[0]!.id])) };
      break;
    case 'dialogue': {
      const path: string[] = [];
      for (let cursor = walkDialogue(step, path); !cursor.ended && cursor.node?.options?.[0]; cursor = walkDialogue(step, path)) path.push(cursor.node.options[0].id);
      response = { type: 'dialogue', path };
      break;
    }
    case 'lab':
      response = { type: 'lab', removed: [], threshold: step.threshold, answers: Object.fromEntries(step.questions.map((q) => [q.id, q.options[0]!.id])) };
      break;
    case 'timed':
      response = { type: 'timed', done: [], endedMs: 0 };
      break;
    default:
      break;
  }
  state.actions.respond(response);
  state.actions.submit();
  state.actions.advance();
}
