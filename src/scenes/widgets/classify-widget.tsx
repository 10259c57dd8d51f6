// Drag cards into bins. Press on a card picks it up; releasing over a bin drops it there (or click
// the card, then the bin). Keyboard: Enter on a card, then Enter on a bin. XR: ray select or grab.
import type { PublicClassifyStep } from '../../engine/public-view.ts';
import { classifyEdits } from '../../engine/response-edits.ts';
import type { ClassifyResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { useFocus } from '../interaction/focus-context.tsx';
import { Interactive } from '../interaction/interactive.tsx';
import { Panel3D } from '../panel.tsx';
import { OverlayPlanes, type OverlayPlane } from '../overlay-planes.tsx';
import { CARD_TEXT } from '../text-sizes.ts';
import { CARD_COLORS, CardLabel, type CardTone } from './card.tsx';
import { BIN_HEIGHT, binSlot, binWidth, CLASSIFY_CARD, inBinSlot, poolSlot } from './card-layout.ts';
import { FeedbackPanel } from './feedback-panel.tsx';
import { localFrame } from './local-frame.ts';
import { useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

const CARD_W = CLASSIFY_CARD.width;
const CARD_H = CLASSIFY_CARD.height;
const BIN_H = BIN_HEIGHT;

export function ClassifyWidget({
  model,
  step,
  placement,
}: {
  model: StepModel;
  step: PublicClassifyStep;
  placement: WidgetPlacement;
}) {
  const { t, l } = useT();
  const { respond, submit } = useStepActions();
  const heldId = useFocus((s) => s.heldId);
  const draft = model.draft as ClassifyResponse;
  const evaluated = model.phase === 'evaluated';
  const frame = localFrame(placement.work.position, placement.work.yaw);
  const binW = binWidth(step.bins.length);
  const binX = (i: number) => binSlot(i, step.bins.length)[0];
  const unplaced = step.items.filter((item) => draft.placements[item.id] === undefined);
  const heldItem = step.items.find((i) => `item:${i.id}` === heldId);

  const toneOf = (itemId: string): CardTone => {
    if (`item:${itemId}` === heldId) return 'held';
    if (!evaluated) return 'idle';
    const verdict = model.record?.result.lines.find((line) => line.ref === itemId)?.verdict;
    return verdict === 'full' ? 'full' : verdict === 'partial' ? 'partial' : 'wrong';
  };

  const yaw = frame.rotation[1];
  const binPlanes: OverlayPlane[] = [];
  const cardPlanes: OverlayPlane[] = [];
  const cardAt = (itemId: string, label: string, x: number, y: number, order: number) => {
    cardPlanes.push({
      position: frame.toWorld(x, y, 0.01),
      yaw,
      width: CARD_W,
      height: CARD_H,
      color: CARD_COLORS[toneOf(itemId)],
    });
    return (
      <Interactive
        key={itemId}
        id={`item:${itemId}`}
        label={label}
        kind="item"
        order={order}
        center={frame.toWorld(x, y, 0.01)}
        size={[CARD_W, CARD_H, 0.04]}
        yaw={placement.work.yaw}
        disabled={evaluated}
      >
        <CardLabel position={frame.toWorld(x, y, 0.01)} yaw={yaw} width={CARD_W} text={label} fontSize={CARD_TEXT.classify} />
      </Interactive>
    );
  };

  return (
    <group name="classify-widget">
      {unplaced.map((item, i) => {
        const [x, y] = poolSlot(i, unplaced.length);
        return cardAt(item.id, l(item.label), x, y, 10 + step.items.indexOf(item));
      })}
      {step.bins.map((bin, b) => {
        const x = binX(b);
        const inBin = step.items.filter((item) => draft.placements[item.id] === bin.id);
        binPlanes.push({
          position: frame.toWorld(x, -BIN_H / 2 + 0.05, -0.01),
          yaw,
          width: binW,
          height: BIN_H,
          color: CARD_COLORS[heldItem ? 'binActive' : 'bin'],
        });
        return (
          <group key={bin.id}>
            <Interactive
              id={`bin:${bin.id}`}
              label={l(bin.label)}
              kind="target"
              order={50 + b}
              center={frame.toWorld(x, -BIN_H / 2 + 0.05, 0)}
              size={[binW, BIN_H, 0.06]}
              yaw={placement.work.yaw}
              disabled={evaluated}
              onReceive={(held) => {
                const itemId = held.replace(/^item:/, '');
                if (step.items.some((i) => i.id === itemId)) respond(classifyEdits.place(draft, itemId, bin.id));
              }}
            >
              <CardLabel
                position={frame.toWorld(x, -BIN_H / 2 + 0.05, -0.01)}
                yaw={yaw}
                width={binW}
                text={l(bin.label)}
                fontSize={CARD_TEXT.bin}
                y={BIN_H / 2 - 0.05}
                under
              />
            </Interactive>
            {inBin.map((item, k) =>
              cardAt(item.id, l(item.label), x, inBinSlot(b, k, step.bins.length)[1], 10 + step.items.indexOf(item)),
            )}
          </group>
        );
      })}
      <OverlayPlanes name="card-planes" planes={[...binPlanes, ...cardPlanes]} />
      {evaluated ? (
        <FeedbackPanel model={model} {...placement.main} />
      ) : (
        <Panel3D
          id="classify"
          {...placement.main}
          width={0.75}
          title={l(step.title)}
          body={`${l(step.prompt)}${heldItem ? `\n${t('holding', { label: l(heldItem.label) })}` : ''}`}
          buttons={[{ id: 'submit', label: t('submit'), tone: 'primary', disabled: unplaced.length > 0, onActivate: submit }]}
        />
      )}
    </group>
  );
}
