// The DOM controls for each step type: the same edits as the 3D widgets, as native form controls
// that screen readers and keyboards handle well.
import { inRoomOrder } from '../course/room-order.ts';
import type {
  PublicChoiceStep,
  PublicClassifyStep,
  PublicDialogueStep,
  PublicInspectStep,
  PublicSequenceStep,
} from '../engine/public-view.ts';
import { choiceEdits, classifyEdits, dialogueEdits, inspectEdits, sequenceEdits } from '../engine/response-edits.ts';
import type {
  ChoiceResponse,
  ClassifyResponse,
  DialogueResponse,
  InspectResponse,
  SequenceResponse,
} from '../engine/responses.ts';
import { walkDialogue } from '../engine/step-kinds/dialogue/index.ts';
import { useFeedbackFor } from '../play/step-actions.ts';
import { useT } from '../i18n/i18n.ts';
import { usePlay, usePlayUi, type StepModel } from '../play/play-context.tsx';

interface Props<S, R> {
  model: StepModel;
  step: S;
  draft: R;
  respond: (r: R) => void;
  submit: () => void;
}

export function InspectControls({ model, step, draft, respond, submit }: Props<PublicInspectStep, InspectResponse>) {
  const feedbackFor = useFeedbackFor(model.scene.id);
  const { t, l } = useT();
  const { ui } = usePlay();
  const openId = usePlayUi((s) => s.openHotspot);
  const props = new Map(model.scene.props.map((p) => [p.id, p] as const));
  const hotspots = inRoomOrder(step.hotspots, model.scene.props);
  const open = hotspots.find((h) => h.id === openId);
  const labelOf = (propId: string) => {
    const prop = props.get(propId);
    return prop?.label ? l(prop.label) : propId;
  };
  // A decoy offers fixes exactly like a hazard: nothing on screen may tell them apart.
  const feedback =
    open && Object.hasOwn(draft.found, open.id) && draft.found[open.id] !== null ? feedbackFor(step, draft, open.id) : undefined;
  return (
    <>
      <p className="hint">{t('inspectHint')}</p>
      <ul className="hotspot-list" aria-label={t('found', { count: Object.keys(draft.found).length })}>
        {hotspots.map((h) => (
          <li key={h.id}>
            <button
              type="button"
              aria-pressed={openId === h.id}
              data-hotspot={h.id}
              onClick={() => ui.setState({ openHotspot: h.id })}
            >
              {labelOf(h.prop)}
              {Object.hasOwn(draft.found, h.id) && <span className="tag"> ● {t('flagged')}</span>}
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <fieldset className="hotspot-options">
          <legend>{t('whatToDo', { label: labelOf(open.prop) })}</legend>
          {(open.fixes ?? []).map((f) => (
            <button
              type="button"
              key={f.id}
              data-fix={f.id}
              aria-pressed={draft.found[open.id] === f.id}
              onClick={() => respond(inspectEdits.chooseFix(draft, open.id, f.id))}
            >
              {l(f.text)}
            </button>
          ))}
          <button
            type="button"
            data-fix="leave"
            onClick={() => {
              respond(inspectEdits.unflag(draft, open.id));
              ui.setState({ openHotspot: null });
            }}
          >
            {t('leaveIt')}
          </button>
          {feedback && <FeedbackLineView verdict={feedback.verdict} text={l(feedback.text)} />}
        </fieldset>
      )}
      <button type="button" className="primary" data-action="submit" onClick={submit}>
        {t('finishInspection')}
      </button>
    </>
  );
}

export function ChoiceControls({ step, draft, respond, submit }: Props<PublicChoiceStep, ChoiceResponse>) {
  const { t, l } = useT();
  const multiple = step.multiple ?? false;
  return (
    <>
      <fieldset className="options">
        <legend>{multiple ? t('chooseMany') : t('chooseOne')}</legend>
        {step.options.map((o) => (
          <label key={o.id} className="option">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={`choice-${step.id}`}
              value={o.id}
              checked={draft.selected.includes(o.id)}
              onChange={() => respond(choiceEdits.toggle(draft, o.id, multiple))}
            />
            {l(o.text)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="primary" data-action="submit" disabled={draft.selected.length === 0} onClick={submit}>
        {t('submit')}
      </button>
    </>
  );
}

export function ClassifyControls({ step, draft, respond, submit }: Props<PublicClassifyStep, ClassifyResponse>) {
  const { t, l } = useT();
  const done = step.items.every((i) => draft.placements[i.id] !== undefined);
  return (
    <>
      <p className="hint">{t('classifyHint')}</p>
      <ul className="classify-list">
        {step.items.map((item) => (
          <li key={item.id}>
            <label>
              <span>{l(item.label)}</span>
              <select
                data-item={item.id}
                value={draft.placements[item.id] ?? ''}
                onChange={(e) =>
                  respond(
                    e.target.value ? classifyEdits.place(draft, item.id, e.target.value) : classifyEdits.unplace(draft, item.id),
                  )
                }
              >
                <option value="">{t('notPlaced')}</option>
                {step.bins.map((b) => (
                  <option key={b.id} value={b.id}>
                    {l(b.label)}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      <button type="button" className="primary" data-action="submit" disabled={!done} onClick={submit}>
        {t('submit')}
      </button>
    </>
  );
}

export function SequenceControls({ step, draft, respond, submit }: Props<PublicSequenceStep, SequenceResponse>) {
  const { t, l } = useT();
  const items = new Map(step.items.map((i) => [i.id, i] as const));
  return (
    <>
      <p className="hint">{t('sequenceHint')}</p>
      <ol className="sequence-list">
        {draft.order.map((id, index) => (
          <li key={id} data-item={id}>
            <span>{l(items.get(id)!.text)}</span>
            <span className="sequence-buttons">
              <button
                type="button"
                disabled={index === 0}
                aria-label={`${t('moveUp')}: ${l(items.get(id)!.text)}`}
                onClick={() => respond(sequenceEdits.move(draft, id, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                disabled={index === draft.order.length - 1}
                aria-label={`${t('moveDown')}: ${l(items.get(id)!.text)}`}
                onClick={() => respond(sequenceEdits.move(draft, id, 1))}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button type="button" className="primary" data-action="submit" onClick={submit}>
        {t('submit')}
      </button>
    </>
  );
}

export function DialogueControls({ step, draft, respond, submit }: Props<PublicDialogueStep, DialogueResponse>) {
  const { t, l, locale } = useT();
  const cursor = walkDialogue(step, draft.path);
  const nodes = new Map(step.nodes.map((n) => [n.id, n] as const));
  const chosen = new Map<string, string>();
  // Pair each shown node with the reply chosen there, for the transcript.
  let k = 0;
  for (const nodeId of cursor.transcript) {
    const node = nodes.get(nodeId);
    if (node?.options?.length && k < draft.path.length) chosen.set(nodeId, draft.path[k++]!);
  }
  return (
    <>
      <ol className="transcript" aria-live="polite">
        {cursor.transcript.map((nodeId) => {
          const node = nodes.get(nodeId)!;
          const reply = chosen.get(nodeId);
          const option = node.options?.find((o) => o.id === reply);
          return (
            <li key={nodeId}>
              <p>
                <strong>
                  {l(node.speaker)}
                  {locale === 'en' ? ': ' : '：'}
                </strong>
                {l(node.text)}
              </p>
              {option && (
                <p className="reply">
                  <strong>→ </strong>
                  {l(option.text)}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {cursor.ended ? (
        <button type="button" className="primary" data-action="submit" onClick={submit}>
          {t('endConversation')}
        </button>
      ) : (
        <fieldset className="options">
          <legend>{t('dialogueHint')}</legend>
          {(cursor.node?.options ?? []).map((o) => (
            <button type="button" key={o.id} data-option={o.id} onClick={() => respond(dialogueEdits.choose(draft, o.id))}>
              {l(o.text)}
            </button>
          ))}
        </fieldset>
      )}
    </>
  );
}

export function FeedbackLineView({ verdict, text }: { verdict: 'full' | 'partial' | 'wrong' | 'missed' | 'info'; text: string }) {
  const { t } = useT();
  return (
    <p className={`feedback feedback-${verdict}`} data-verdict={verdict}>
      <strong>{t(`verdict_${verdict}`)}</strong> {text}
    </p>
  );
}
