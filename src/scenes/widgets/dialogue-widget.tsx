// A branching conversation: the other person's words and the learner's replies on a panel beside
// them; earlier replies change variables that decide later nodes.
import type { PublicDialogueStep } from '../../engine/public-view.ts';
import { dialogueEdits } from '../../engine/response-edits.ts';
import type { DialogueResponse } from '../../engine/responses.ts';
import { walkDialogue } from '../../engine/step-kinds/dialogue/index.ts';
import { useT } from '../../i18n/i18n.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { Panel3D } from '../panel.tsx';
import { FeedbackPanel } from './feedback-panel.tsx';
import { useFeedbackFor, useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

export function DialogueWidget({
  model,
  step,
  placement,
}: {
  model: StepModel;
  step: PublicDialogueStep;
  placement: WidgetPlacement;
}) {
  const { t, l, locale } = useT();
  const { respond, submit } = useStepActions();
  const feedbackFor = useFeedbackFor(model.scene.id);
  const draft = model.draft as DialogueResponse;
  if (model.phase === 'evaluated') return <FeedbackPanel model={model} {...placement.main} />;
  const cursor = walkDialogue(step, draft.path);
  const last = draft.path.at(-1);
  // Practice mode: the consequence of the previous reply, shown above the next line.
  const previous = last ? feedbackFor(step, draft, last) : undefined;
  const node = cursor.node;
  const aside = (text: string) => (locale === 'en' ? `(${text})` : `（${text}）`);
  const body = `${previous ? `${aside(l(previous.text))}\n\n` : ''}${node ? l(node.text) : ''}`;
  return (
    <Panel3D
      id="dialogue"
      {...placement.main}
      width={0.9}
      title={node ? l(node.speaker) : l(step.title)}
      body={body}
      buttons={
        cursor.ended
          ? [{ id: 'end', label: t('endConversation'), tone: 'primary', onActivate: submit }]
          : (node?.options ?? []).map((o) => ({
              id: o.id,
              label: l(o.text),
              onActivate: () => respond(dialogueEdits.choose(draft, o.id)),
            }))
      }
    />
  );
}
