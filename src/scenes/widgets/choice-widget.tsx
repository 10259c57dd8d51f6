// Single or multiple choice on an in-world panel.
import type { PublicChoiceStep } from '../../engine/public-view.ts';
import { choiceEdits } from '../../engine/response-edits.ts';
import type { ChoiceResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { Panel3D } from '../panel.tsx';
import type { WidgetPlacement } from './widget-placement.ts';
import { FeedbackPanel } from './feedback-panel.tsx';
import { useStepActions } from '../../play/step-actions.ts';

export function ChoiceWidget({
  model,
  step,
  placement,
}: {
  model: StepModel;
  step: PublicChoiceStep;
  placement: WidgetPlacement;
}) {
  const { t, l } = useT();
  const { respond, submit } = useStepActions();
  const draft = model.draft as ChoiceResponse;
  const multiple = step.multiple ?? false;
  if (model.phase === 'evaluated') return <FeedbackPanel model={model} {...placement.main} />;
  return (
    <Panel3D
      id="choice"
      {...placement.main}
      width={0.88}
      title={l(step.title)}
      body={`${l(step.prompt)}\n(${multiple ? t('chooseMany') : t('chooseOne')})`}
      buttons={[
        ...step.options.map((o) => ({
          id: o.id,
          label: `${multiple ? (draft.selected.includes(o.id) ? '▣ ' : '□ ') : draft.selected.includes(o.id) ? '● ' : '○ '}${l(o.text)}`,
          pressed: draft.selected.includes(o.id),
          onActivate: () => respond(choiceEdits.toggle(draft, o.id, multiple)),
        })),
        { id: 'submit', label: t('submit'), tone: 'primary' as const, disabled: draft.selected.length === 0, onActivate: submit },
      ]}
    />
  );
}
