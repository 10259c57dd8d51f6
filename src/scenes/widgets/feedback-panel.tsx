// After a step is graded: the score, the most important feedback and the way on. In an
// assessment the server grades and tells nothing until the end: the panel says the answer was recorded.
import type { StepModel } from '../../play/play-context.tsx';
import { useT } from '../../i18n/i18n.ts';
import { Panel3D } from '../panel.tsx';
import { useStepActions } from '../../play/step-actions.ts';

export const VERDICT_MARK = { full: '✓', partial: '△', wrong: '×', missed: '○', info: '→' } as const;

export function FeedbackPanel({ model, position, yaw }: { model: StepModel; position: [number, number, number]; yaw: number }) {
  const { t, l } = useT();
  const { advance } = useStepActions();
  const record = model.record;
  if (!record) return null;
  // The panel shows what went wrong first; the DOM panel and results page list everything.
  const lines = [...record.result.lines].sort((a, b) => rank(a.verdict) - rank(b.verdict)).slice(0, 3);
  const body =
    model.grading === 'pending'
      ? t('assessment_answerRecorded')
      : lines.map((line) => `${VERDICT_MARK[line.verdict]} ${truncate(l(line.text), 70)}`).join('\n');
  const score = { score: record.result.score, max: record.result.max };
  const title =
    model.grading === 'pending'
      ? l(model.step.title)
      : `${l(model.step.title)} · ${model.grading === 'server' ? t('assessment_serverScore', score) : t('yourScore', score)}`;
  const label = model.isLastStep ? t('seeResults') : model.isLastStepOfScene ? t('finishScene') : t('next');
  return (
    <Panel3D
      id="feedback"
      // Anchored at the bottom edge (about half a typical panel below the centre it used to have):
      // when the server's feedback replaces "answer recorded", Next stays where the learner aims.
      position={[position[0], position[1] - 0.19, position[2]]}
      anchor="bottom"
      yaw={yaw}
      width={0.88}
      title={title}
      body={body}
      buttons={[{ id: 'next', label, onActivate: advance, tone: 'primary' }]}
    />
  );
}

function rank(verdict: string): number {
  return ['wrong', 'missed', 'partial', 'info', 'full'].indexOf(verdict);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
