// The algorithm check-up lab in the room: a dashboard ahead (the model's features to keep or
// remove, the threshold, the metrics computed live from the data) and the conclusions to the right.
import type { PublicLabStep } from '../../engine/public-view.ts';
import { labEdits } from '../../engine/response-edits.ts';
import type { LabResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import { labReadout } from '../../play/lab-text.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { Panel3D } from '../panel.tsx';
import { FeedbackPanel } from './feedback-panel.tsx';
import { useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

const THRESHOLD_STEP = 0.05;

export function LabWidget({ model, step, placement }: { model: StepModel; step: PublicLabStep; placement: WidgetPlacement }) {
  const { t, l } = useT();
  const { respond, submit } = useStepActions();
  const draft = model.draft as LabResponse;
  const evaluated = model.phase === 'evaluated';
  const readout = labReadout(step, draft, t, l);
  const dashboard = placement.dashboard;
  const question = step.questions.find((q) => draft.answers[q.id] === undefined);
  const answered = Object.keys(draft.answers).length;

  return (
    <group name="lab-widget">
      <Panel3D
        id="lab"
        {...dashboard}
        width={1.0}
        title={`${t('labModel')} · ${t('labThreshold', { value: draft.threshold.toFixed(2) })}`}
        body={`${readout.groupLines.join('\n')}\n${readout.summary}`}
        order={10}
        buttons={[
          ...step.features.map((f) => ({
            id: `feature-${f.id}`,
            label: draft.removed.includes(f.id)
              ? t('labFeatureOff', { label: l(f.label) })
              : t('labFeatureOn', { label: l(f.label) }),
            pressed: !draft.removed.includes(f.id),
            disabled: evaluated,
            onActivate: () => respond(labEdits.toggleFeature(draft, f.id)),
          })),
          {
            id: 'threshold-down',
            label: t('labThresholdDown'),
            disabled: evaluated || draft.threshold <= step.thresholdRange[0],
            onActivate: () => respond(labEdits.setThreshold(draft, draft.threshold - THRESHOLD_STEP, step.thresholdRange)),
          },
          {
            id: 'threshold-up',
            label: t('labThresholdUp'),
            disabled: evaluated || draft.threshold >= step.thresholdRange[1],
            onActivate: () => respond(labEdits.setThreshold(draft, draft.threshold + THRESHOLD_STEP, step.thresholdRange)),
          },
        ]}
      />
      {evaluated ? (
        <FeedbackPanel model={model} {...placement.main} />
      ) : question ? (
        <Panel3D
          id="lab-question"
          {...placement.main}
          width={0.85}
          title={`${t('labQuestions')} · ${t('labAnswered', { count: answered, total: step.questions.length })}`}
          body={l(question.prompt)}
          order={40}
          buttons={question.options.map((o) => ({
            id: o.id,
            label: l(o.text),
            onActivate: () => respond(labEdits.answer(draft, question.id, o.id)),
          }))}
        />
      ) : (
        <Panel3D
          id="lab-question"
          {...placement.main}
          width={0.85}
          title={l(step.title)}
          body={t('labAnswered', { count: answered, total: step.questions.length })}
          order={40}
          buttons={[{ id: 'submit', label: t('submit'), tone: 'primary', onActivate: submit }]}
        />
      )}
    </group>
  );
}
