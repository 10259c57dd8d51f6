// After a step is graded: the score, every feedback line in full (the same lines as the DOM panel,
// in pages a headset user turns with the page buttons) and the way on. In an assessment the server
// grades and tells nothing until the end: the panel says the answer was recorded.
import { useState } from 'react';
import type { StepModel } from '../../play/play-context.tsx';
import { useT } from '../../i18n/i18n.ts';
import { Panel3D, type PanelButton } from '../panel.tsx';
import { useStepActions } from '../../play/step-actions.ts';

export const VERDICT_MARK = { full: '✓', partial: '△', wrong: '×', missed: '○', info: '→' } as const;

/** Feedback lines on one page: few enough that a page of long lines still fits the view. */
export const FEEDBACK_PER_PAGE = 3;

export function FeedbackPanel({ model, position, yaw }: { model: StepModel; position: [number, number, number]; yaw: number }) {
  const { t, l } = useT();
  const { advance } = useStepActions();
  const record = model.record;
  // The page belongs to the step it was turned on: another step's feedback opens on its first page.
  const key = record ? `${record.sceneId}/${record.stepId}` : '';
  const [paging, setPaging] = useState({ key, page: 0 });
  if (!record) return null;
  const lines = record.result.lines;
  const pages = Math.max(1, Math.ceil(lines.length / FEEDBACK_PER_PAGE));
  const page = paging.key === key ? Math.min(paging.page, pages - 1) : 0;
  const shown = lines.slice(page * FEEDBACK_PER_PAGE, (page + 1) * FEEDBACK_PER_PAGE);
  const paged = model.grading !== 'pending' && pages > 1;
  const body =
    model.grading === 'pending'
      ? t('assessment_answerRecorded')
      : [
          ...(paged
            ? [
                t('feedbackPage', {
                  from: page * FEEDBACK_PER_PAGE + 1,
                  to: page * FEEDBACK_PER_PAGE + shown.length,
                  total: lines.length,
                }),
              ]
            : []),
          ...shown.map((line) => `${VERDICT_MARK[line.verdict]} ${l(line.text)}`),
        ].join('\n');
  const score = { score: record.result.score, max: record.result.max };
  const title =
    model.grading === 'pending'
      ? l(model.step.title)
      : `${l(model.step.title)} · ${model.grading === 'server' ? t('assessment_serverScore', score) : t('yourScore', score)}`;
  const label = model.isLastStep ? t('seeResults') : model.isLastStepOfScene ? t('finishScene') : t('next');
  const turn = (to: number) => () => setPaging({ key, page: Math.max(0, Math.min(pages - 1, to)) });
  const pageButtons: PanelButton[] = paged
    ? [
        { id: 'prev-page', label: t('feedbackPrev'), onActivate: turn(page - 1), disabled: page === 0 },
        { id: 'next-page', label: t('feedbackNext'), onActivate: turn(page + 1), disabled: page === pages - 1 },
      ]
    : [];
  return (
    <Panel3D
      id="feedback"
      // Anchored at the bottom edge (about half a typical panel below the centre it used to have):
      // when the server's feedback replaces "answer recorded", or a page turns, Next stays where the learner aims.
      position={[position[0], position[1] - 0.19, position[2]]}
      anchor="bottom"
      yaw={yaw}
      width={0.88}
      title={title}
      body={body}
      buttons={[...pageButtons, { id: 'next', label, onActivate: advance, tone: 'primary' }]}
    />
  );
}
