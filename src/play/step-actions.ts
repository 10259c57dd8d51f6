// The attempt actions a widget calls, plus practice-mode feedback for one part of a response.
import { useMemo } from 'react';
import { CHOICE_RECORDED, isBlindText } from '../course/blind-course.ts';
import type { Step } from '../course/schema.ts';
import { gradeStep } from '../engine/step-kinds/index.ts';
import type { FeedbackLine, StepResponse } from '../engine/responses.ts';
import { usePlay } from './play-context.tsx';

export function useStepActions() {
  const { attempt } = usePlay();
  return useMemo(() => {
    const { actions } = attempt.getState();
    return {
      respond: (response: StepResponse) => actions.respond(response),
      submit: () => actions.submit(),
      advance: () => actions.advance(),
    };
  }, [attempt]);
}

/** Practice feedback for one hotspot / option / item: grades the response and picks its line. In an assessment (blind course) it only says the choice was recorded. */
export function feedbackFor(step: Step, response: StepResponse, ref: string): FeedbackLine | undefined {
  const line = gradeStep(step, response).lines.find((l) => l.ref === ref);
  return line && isBlindText(line.text) ? { ref, points: 0, verdict: 'info', text: CHOICE_RECORDED } : line;
}
