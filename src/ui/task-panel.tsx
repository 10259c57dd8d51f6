// The DOM mirror of the current step: instructions, controls and feedback, so keyboard and
// screen-reader users can do everything the 3D scene offers. In an assessment the feedback is the
// server's, which it gives only once the assessment has ended: while it runs the panel says the
// answer was recorded, and nothing about right or wrong.
import { useEffect, useRef, type ReactNode } from 'react';
import type { StepResponse } from '../engine/responses.ts';
import { useStepActions } from '../play/step-actions.ts';
import { useT } from '../i18n/i18n.ts';
import { usePlay, useStepModel } from '../play/play-context.tsx';
import { LabControls } from './lab-controls.tsx';
import { TimedControls } from './timed-controls.tsx';
import {
  ChoiceControls,
  ClassifyControls,
  DialogueControls,
  FeedbackLineView,
  InspectControls,
  SequenceControls,
} from './task-controls.tsx';

export function TaskPanel({ toolbar }: { toolbar?: ReactNode }) {
  const { t, l } = useT();
  const { course, mode } = usePlay();
  const model = useStepModel();
  const { respond, submit, advance } = useStepActions();
  const nextRef = useRef<HTMLButtonElement>(null);
  const graded = model?.record !== undefined;
  // A learner working in this panel lands on "Next" after submitting; one working in the 3D
  // view keeps their focus there.
  useEffect(() => {
    const active = document.activeElement;
    if (graded && (active === document.body || active?.closest('.task-panel'))) nextRef.current?.focus();
  }, [graded]);
  if (!model) return null;
  const { scene, step, draft, record } = model;

  const controls = () => {
    if (!draft) return null;
    const common = { model, submit, respond: (r: StepResponse) => respond(r) };
    switch (step.type) {
      case 'inspect':
        return draft.type === 'inspect' && <InspectControls {...common} step={step} draft={draft} />;
      case 'choice':
        return draft.type === 'choice' && <ChoiceControls {...common} step={step} draft={draft} />;
      case 'classify':
        return draft.type === 'classify' && <ClassifyControls {...common} step={step} draft={draft} />;
      case 'sequence':
        return draft.type === 'sequence' && <SequenceControls {...common} step={step} draft={draft} />;
      case 'dialogue':
        return draft.type === 'dialogue' && <DialogueControls {...common} step={step} draft={draft} />;
      case 'lab':
        return draft.type === 'lab' && <LabControls step={step} draft={draft} respond={respond} submit={submit} />;
      case 'timed':
        return draft.type === 'timed' && <TimedControls step={step} draft={draft} respond={respond} submit={submit} />;
    }
  };

  return (
    <aside
      className="task-panel"
      aria-labelledby="task-title"
      data-step={step.id}
      data-step-type={step.type}
      data-phase={model.phase}
    >
      <p className="task-progress">
        {l(course.title)} · {t('scene', { index: model.sceneIndex + 1, total: course.scenes.length })} ·{' '}
        {t('step', { index: model.stepIndex + 1, total: scene.steps.length })}
      </p>
      <p className="badge" data-mode={mode}>
        {mode === 'assessment' ? t('assessment_mode') : t('practiceMode')}
      </p>
      {toolbar}
      <h2 id="task-title">{l(scene.title)}</h2>
      {model.stepIndex === 0 && model.phase === 'presented' && <p className="scene-intro">{l(scene.intro)}</p>}
      <h3>{l(step.title)}</h3>
      <p className="prompt">{l(step.prompt)}</p>
      {record ? (
        <section className="step-feedback" aria-live="polite" data-grading={model.grading}>
          {model.grading === 'pending' ? (
            <p className="answer-recorded" data-testid="answer-recorded">
              {t('assessment_answerRecorded')}
            </p>
          ) : (
            <>
              <p className="step-score" data-testid="step-score">
                {t(model.grading === 'server' ? 'assessment_serverScore' : 'yourScore', {
                  score: record.result.score,
                  max: record.result.max,
                })}
              </p>
              {record.result.lines.map((line, i) => (
                <FeedbackLineView key={`${line.ref}-${i}`} verdict={line.verdict} text={l(line.text)} />
              ))}
            </>
          )}
          <button type="button" className="primary" data-action="next" onClick={advance} ref={nextRef}>
            {model.isLastStep ? t('seeResults') : model.isLastStepOfScene ? t('finishScene') : t('next')}
          </button>
        </section>
      ) : (
        controls()
      )}
    </aside>
  );
}
