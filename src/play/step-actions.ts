// The attempt actions a widget calls, plus practice-mode feedback for one part of a response.
import { useMemo } from 'react';
import type { Localized } from '../course/schema.ts';
import { playOf } from '../engine/attempt-play.ts';
import type { PublicStep } from '../engine/public-view.ts';
import type { FeedbackLine, StepResponse } from '../engine/responses.ts';
import { usePlay } from './play-context.tsx';

/** What a widget says about a choice in an assessment: it is kept, not graded here. */
export const CHOICE_RECORDED: Localized = Object.freeze({
  'zh-CN': '已记录你的选择；考核由服务器评分。',
  en: 'Choice recorded; the server grades assessments.',
});

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

/**
 * Feedback for one hotspot / option / reply chosen in a step of the scene: practice grades the
 * response and picks that part's line. In an assessment the browser holds no answer keys: the
 * line only says the choice was recorded.
 */
export function useFeedbackFor(
  sceneId: string,
): (step: PublicStep, response: StepResponse, ref: string) => FeedbackLine | undefined {
  const { play } = usePlay();
  return useMemo(() => {
    const { grader } = playOf(play);
    if (!grader.hasKeys) return (_step, _response, ref) => ({ ref, points: 0, verdict: 'info', text: CHOICE_RECORDED });
    return (step, response, ref) => grader.grade(sceneId, step, response).lines.find((l) => l.ref === ref);
  }, [play, sceneId]);
}
