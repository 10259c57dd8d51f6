// Find and fix: every hotspot prop can be pointed at; its panel offers the fixes, for a decoy
// exactly as for a hazard, so only judgement tells them apart; practice mode explains each choice.
import { useMemo } from 'react';
import { inRoomOrder } from '../../course/room-order.ts';
import type { Prop } from '../../course/schema.ts';
import type { PublicInspectStep } from '../../engine/public-view.ts';
import { inspectEdits } from '../../engine/response-edits.ts';
import type { InspectResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePlay, usePlayUi, type StepModel } from '../../play/play-context.tsx';
import { Interactive } from '../interaction/interactive.tsx';
import { Panel3D } from '../panel.tsx';
import { propHitBox } from '../scene-layout.ts';
import { FeedbackPanel, VERDICT_MARK } from './feedback-panel.tsx';
import { StatusPins, type PinTone } from './status-pins.tsx';
import { useFeedbackFor, useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

export function InspectWidget({
  model,
  step,
  placement,
}: {
  model: StepModel;
  step: PublicInspectStep;
  placement: WidgetPlacement;
}) {
  const { t, l } = useT();
  const { ui } = usePlay();
  const openId = usePlayUi((s) => s.openHotspot);
  const { respond, submit } = useStepActions();
  const feedbackFor = useFeedbackFor(model.scene.id);
  const draft = model.draft as InspectResponse;
  const evaluated = model.phase === 'evaluated';
  const props = useMemo(() => new Map(model.scene.props.map((p) => [p.id, p] as const)), [model.scene.props]);
  const hotspots = useMemo(() => inRoomOrder(step.hotspots, model.scene.props), [step.hotspots, model.scene.props]);
  const boxes = useMemo(() => new Map(hotspots.map((h) => [h.id, propHitBox(props.get(h.prop)!)] as const)), [hotspots, props]);
  const labelOf = (prop: Prop | undefined) => (prop?.label ? l(prop.label) : (prop?.id ?? ''));
  const open = hotspots.find((h) => h.id === openId);
  const setOpen = (id: string | null) => ui.setState({ openHotspot: id });

  const pins = hotspots.flatMap((h) => {
    const box = boxes.get(h.id)!;
    const position = [box.center[0], box.center[1] + box.size[1] / 2 + 0.1, box.center[2]] as const;
    if (evaluated) {
      const line = model.record?.result.lines.find((x) => x.ref === h.id);
      return line ? [{ position, tone: line.verdict as PinTone }] : [];
    }
    return Object.hasOwn(draft.found, h.id) ? [{ position, tone: 'flagged' as const }] : [];
  });

  const hotspotPanel = () => {
    if (!open) return null;
    const label = labelOf(props.get(open.prop));
    const flagged = Object.hasOwn(draft.found, open.id);
    const chosen = draft.found[open.id] ?? null;
    const feedback = flagged && chosen !== null ? feedbackFor(step, draft, open.id) : undefined;
    if (feedback) {
      return (
        <Panel3D
          id="fixes"
          {...placement.main}
          width={0.88}
          title={label}
          body={`${VERDICT_MARK[feedback.verdict]} ${t(`verdict_${feedback.verdict}`)}：${l(feedback.text)}`}
          buttons={[
            { id: 'continue', label: t('next'), tone: 'primary', onActivate: () => setOpen(null) },
            {
              id: 'undo',
              label: t('leaveIt'),
              onActivate: () => {
                respond(inspectEdits.unflag(draft, open.id));
                setOpen(null);
              },
            },
          ]}
        />
      );
    }
    const choices = (open.fixes ?? []).map((f) => ({
      id: f.id,
      label: l(f.text),
      pressed: chosen === f.id,
      onActivate: () => respond(inspectEdits.chooseFix(draft, open.id, f.id)),
    }));
    return (
      <Panel3D
        id="fixes"
        {...placement.main}
        width={0.88}
        title={t('whatToDo', { label })}
        buttons={[
          ...choices,
          {
            id: 'leave',
            label: t('leaveIt'),
            onActivate: () => {
              respond(inspectEdits.unflag(draft, open.id));
              setOpen(null);
            },
          },
        ]}
      />
    );
  };

  return (
    <group name="inspect-widget">
      {hotspots.map((h, i) => {
        const box = boxes.get(h.id)!;
        return (
          <Interactive
            key={h.id}
            id={`hotspot:${h.id}`}
            label={labelOf(props.get(h.prop))}
            order={100 + i}
            center={box.center}
            size={box.size}
            yaw={box.yaw}
            disabled={evaluated}
            onActivate={() => setOpen(h.id)}
          />
        );
      })}
      <StatusPins pins={pins} />
      {evaluated ? (
        <FeedbackPanel model={model} {...placement.main} />
      ) : open ? (
        hotspotPanel()
      ) : (
        <Panel3D
          id="inspect"
          {...placement.main}
          width={0.85}
          title={l(step.title)}
          body={`${l(step.prompt)}\n${t('found', { count: Object.keys(draft.found).length })}`}
          buttons={[{ id: 'finish', label: t('finishInspection'), tone: 'primary', onActivate: submit }]}
        />
      )}
    </group>
  );
}
