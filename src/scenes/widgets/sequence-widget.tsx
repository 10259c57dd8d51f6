// Put steps in order: cards in a column; pick one up and drop it on another to swap them
// (drag, click-click, Enter-Enter, XR select or grab all do the same).
import type { PublicSequenceStep } from '../../engine/public-view.ts';
import { sequenceEdits } from '../../engine/response-edits.ts';
import type { SequenceResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { useFocus } from '../interaction/focus-context.tsx';
import { Interactive } from '../interaction/interactive.tsx';
import { Panel3D } from '../panel.tsx';
import { OverlayPlanes, type OverlayPlane } from '../overlay-planes.tsx';
import { CARD_TEXT } from '../text-sizes.ts';
import { CARD_COLORS, CardLabel } from './card.tsx';
import { SEQUENCE_CARD, sequenceSlot } from './card-layout.ts';
import { FeedbackPanel } from './feedback-panel.tsx';
import { localFrame } from './local-frame.ts';
import { useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

const CARD_W = SEQUENCE_CARD.width;
const CARD_H = SEQUENCE_CARD.height;

export function SequenceWidget({
  model,
  step,
  placement,
}: {
  model: StepModel;
  step: PublicSequenceStep;
  placement: WidgetPlacement;
}) {
  const { t, l } = useT();
  const { respond, submit } = useStepActions();
  const heldId = useFocus((s) => s.heldId);
  const draft = model.draft as SequenceResponse;
  const evaluated = model.phase === 'evaluated';
  const frame = localFrame(placement.work.position, placement.work.yaw);
  const items = new Map(step.items.map((i) => [i.id, i] as const));
  // Practice holds the course file, whose items are the answer's order; an assessment's public view
  // lists them as shown, so only the server's result can say anything there.
  const correct = model.grading === 'local' ? step.items.map((i) => i.id) : null;
  const yaw = frame.rotation[1];
  const planes: OverlayPlane[] = [];

  return (
    <group name="sequence-widget">
      {draft.order.map((id, index) => {
        const y = sequenceSlot(index, draft.order.length)[1];
        const label = `${index + 1}. ${l(items.get(id)!.text)}`;
        const tone =
          `item:${id}` === heldId ? 'held' : evaluated && correct ? (correct[index] === id ? 'full' : 'wrong') : 'idle';
        planes.push({ position: frame.toWorld(0, y, 0.01), yaw, width: CARD_W, height: CARD_H, color: CARD_COLORS[tone] });
        return (
          <Interactive
            key={id}
            id={`item:${id}`}
            label={label}
            kind="item"
            order={10 + index}
            center={frame.toWorld(0, y, 0.01)}
            size={[CARD_W, CARD_H, 0.04]}
            yaw={placement.work.yaw}
            disabled={evaluated}
            onReceive={(held) => respond(sequenceEdits.swap(draft, held.replace(/^item:/, ''), id))}
          >
            <CardLabel position={frame.toWorld(0, y, 0.01)} yaw={yaw} width={CARD_W} text={label} fontSize={CARD_TEXT.sequence} />
          </Interactive>
        );
      })}
      <OverlayPlanes name="card-planes" planes={planes} />
      {evaluated ? (
        <FeedbackPanel model={model} {...placement.main} />
      ) : (
        <Panel3D
          id="sequence"
          {...placement.main}
          width={0.75}
          title={l(step.title)}
          body={l(step.prompt)}
          buttons={[{ id: 'submit', label: t('submit'), tone: 'primary', onActivate: submit }]}
        />
      )}
    </group>
  );
}
