// Sorting objects into the room's receptacles: the items (documents, folders, drives…) lie on a
// table, each with its label card; each bin is a receptacle (tray, cabinet, safe, shredder…) with
// its name on a sign. Press on an object picks it up; releasing over a receptacle puts it there (or
// click the object, then the receptacle). Keyboard: Enter on an object, then Enter on a
// receptacle. XR: ray select or grab; hands pinch or poke. What is put away shows as a tag above
// the receptacle's sign, and can be picked up again from there.
import { useEffect, useMemo } from 'react';
import type { PublicClassifyStep } from '../../engine/public-view.ts';
import { classifyEdits } from '../../engine/response-edits.ts';
import type { ClassifyResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { useFocus } from '../interaction/focus-context.tsx';
import { Interactive } from '../interaction/interactive.tsx';
import { kitMaterial } from '../kit/materials.ts';
import { Panel3D } from '../panel.tsx';
import { OverlayPlanes, type OverlayPlane } from '../overlay-planes.tsx';
import { CARD_TEXT } from '../text-sizes.ts';
import { OVERLAY_ORDER, WorldText } from '../world-text.tsx';
import { CARD_COLORS, type CardTone } from './card.tsx';
import { FeedbackPanel } from './feedback-panel.tsx';
import { buildSortingScene } from './sorting-objects.ts';
import { itemSpots, PLAQUE_TILT, receptacleSpots, SIGN, sortingTable, TAG } from './sorting-layout.ts';
import { useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

const DEG = Math.PI / 180;

/** A label facing the learner: turned by `yaw` (degrees), leaning back by `tilt` (radians). */
function Label({
  at,
  yaw,
  tilt = 0,
  width,
  fontSize,
  text,
  under = false,
  depthTested = false,
}: {
  at: readonly [number, number, number];
  yaw: number;
  tilt?: number;
  width: number;
  fontSize: number;
  text: string;
  under?: boolean;
  /** Printed on an object: hidden by what stands in front of it, like the object itself. */
  depthTested?: boolean;
}) {
  return (
    <group position={[at[0], at[1], at[2]]} rotation={[-tilt, yaw * DEG, 0, 'YXZ']}>
      <WorldText
        overlay={!depthTested}
        {...(!depthTested && { renderOrder: under ? OVERLAY_ORDER - 1 : OVERLAY_ORDER + 2 })}
        position={[0, 0, 0.003]}
        fontSize={fontSize}
        maxWidth={width - 0.03}
        textAlign="center"
      >
        {text}
      </WorldText>
    </group>
  );
}

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
  const props = model.scene.props;
  const station = placement.station;
  const table = useMemo(() => sortingTable(step, props, station), [step, props, station]);
  const spots = useMemo(() => itemSpots(step, table), [step, table]);
  const receptacles = useMemo(() => receptacleSpots(step, table, station), [step, table, station]);
  const unplaced = step.items.filter((item) => draft.placements[item.id] === undefined);
  const heldItem = step.items.find((i) => `item:${i.id}` === heldId);

  const toneOf = (itemId: string): CardTone => {
    if (`item:${itemId}` === heldId) return 'held';
    if (!evaluated) return 'idle';
    const verdict = model.record?.result.lines.find((line) => line.ref === itemId)?.verdict;
    return verdict === 'full' ? 'full' : verdict === 'partial' ? 'partial' : 'wrong';
  };

  // Where each object is now: on the table (its own spot) or in a receptacle (k-th there).
  const stored = step.bins.flatMap((bin, b) =>
    step.items
      .filter((item) => draft.placements[item.id] === bin.id)
      .map((item, k) => ({ item, b, k, spot: spots[step.items.indexOf(item)]! })),
  );
  const geometry = useMemo(
    () =>
      buildSortingScene({
        table,
        items: step.items
          .map((item, i) => ({ item, spot: spots[i]! }))
          .filter(({ item }) => draft.placements[item.id] === undefined)
          .map(({ item, spot }) => ({ spot, held: `item:${item.id}` === heldId, tone: CARD_COLORS[toneOf(item.id)] })),
        stored: stored.map(({ spot, b, k }) => ({ kind: spot.kind, at: receptacles[b]!, k })),
        receptacles,
        carrying: heldItem !== undefined,
      }),
    // `stored` follows from the draft and the spots.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, spots, receptacles, draft, heldId, heldItem, step.items, evaluated, model.record],
  );
  useEffect(() => () => geometry.dispose(), [geometry]);

  const planes: OverlayPlane[] = [];
  for (const r of receptacles)
    planes.push({
      position: r.sign,
      yaw: r.yaw * DEG,
      width: SIGN.width,
      height: SIGN.height,
      color: CARD_COLORS[heldItem ? 'binActive' : 'bin'],
    });

  const itemOnTable = (itemId: string, label: string, i: number) => {
    const spot = spots[i]!;
    const lift = `item:${itemId}` === heldId ? 0.08 : 0;
    const at: [number, number, number] = [spot.label[0], spot.label[1] + lift, spot.label[2]];
    return (
      <Interactive
        key={itemId}
        id={`item:${itemId}`}
        label={label}
        kind="item"
        order={10 + i}
        center={[spot.label[0], spot.label[1] - 0.005, spot.label[2]]}
        // Thin front to back: a fingertip reaching a back row passes between the rows in front.
        size={[spot.width, 0.1, 0.05]}
        yaw={spot.yaw}
        disabled={evaluated}
      >
        <Label
          at={at}
          yaw={spot.yaw}
          tilt={PLAQUE_TILT}
          width={spot.width - 0.02}
          fontSize={CARD_TEXT.classify}
          text={label}
          depthTested
        />
      </Interactive>
    );
  };

  const itemInReceptacle = (itemId: string, label: string, i: number, b: number, k: number) => {
    const r = receptacles[b]!;
    const at = r.tag(k);
    planes.push({ position: at, yaw: r.yaw * DEG, width: TAG.width, height: TAG.height, color: CARD_COLORS[toneOf(itemId)] });
    return (
      <Interactive
        key={itemId}
        id={`item:${itemId}`}
        label={label}
        kind="item"
        order={10 + i}
        center={at}
        size={[TAG.width, TAG.height, 0.04]}
        yaw={r.yaw}
        disabled={evaluated}
      >
        <Label at={at} yaw={r.yaw} width={TAG.width} fontSize={CARD_TEXT.classify} text={label} />
      </Interactive>
    );
  };

  return (
    <group name="classify-widget">
      <mesh geometry={geometry} material={kitMaterial()} name="sorting-objects" />
      {unplaced.map((item) => itemOnTable(item.id, l(item.label), step.items.indexOf(item)))}
      {step.bins.map((bin, b) => {
        const r = receptacles[b]!;
        return (
          <group key={bin.id}>
            <Interactive
              id={`bin:${bin.id}`}
              label={l(bin.label)}
              kind="target"
              order={50 + b}
              center={r.box.center}
              size={r.box.size}
              yaw={r.yaw}
              disabled={evaluated}
              onReceive={(held) => {
                const itemId = held.replace(/^item:/, '');
                if (step.items.some((i) => i.id === itemId)) respond(classifyEdits.place(draft, itemId, bin.id));
              }}
            >
              <Label at={r.sign} yaw={r.yaw} width={SIGN.width} fontSize={CARD_TEXT.bin} text={l(bin.label)} under />
            </Interactive>
          </group>
        );
      })}
      {stored.map(({ item, b, k }) => itemInReceptacle(item.id, l(item.label), step.items.indexOf(item), b, k))}
      <OverlayPlanes name="card-planes" planes={planes} />
      {evaluated ? (
        <FeedbackPanel model={model} {...placement.main} />
      ) : (
        <Panel3D
          id="classify"
          {...placement.above}
          width={0.75}
          title={l(step.title)}
          body={`${l(step.prompt)}${heldItem ? `\n${t('holding', { label: l(heldItem.label) })}` : ''}`}
          buttons={[{ id: 'submit', label: t('submit'), tone: 'primary', disabled: unplaced.length > 0, onActivate: submit }]}
        />
      )}
    </group>
  );
}
