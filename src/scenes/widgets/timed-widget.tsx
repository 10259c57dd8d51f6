// An incident against the clock: first the briefing with a Start button (the clock does not run
// before it), then the time left, how far the incident has run and the counter that grows until it
// is contained, with the actions still open as buttons.
import type { PublicTimedStep } from '../../engine/public-view.ts';
import { timedEdits } from '../../engine/response-edits.ts';
import type { TimedResponse } from '../../engine/responses.ts';
import { useT } from '../../i18n/i18n.ts';
import type { StepModel } from '../../play/play-context.tsx';
import { BRIEFING_MAX_MS } from '../../engine/step-kinds/timed/clock.ts';
import { formatClock, useTimedClock } from '../../play/timed-step.tsx';
import { Panel3D } from '../panel.tsx';
import { FeedbackPanel } from './feedback-panel.tsx';
import { useStepActions } from '../../play/step-actions.ts';
import type { WidgetPlacement } from './widget-placement.ts';

export function TimedWidget({ model, step, placement }: { model: StepModel; step: PublicTimedStep; placement: WidgetPlacement }) {
  const { t, l } = useT();
  const { respond, submit } = useStepActions();
  const draft = model.draft as TimedResponse;
  const evaluated = model.phase === 'evaluated';
  const { started, remainingMs, clock, stamp, sincePresented } = useTimedClock(step, draft, !evaluated);
  const limit = formatClock(step.timeLimitSeconds * 1000);
  const status = placement.status;
  const open = step.actions.filter((a) => !draft.done.some((d) => d.id === a.id));
  const doneLabels = draft.done.map((d) => l(step.actions.find((a) => a.id === d.id)!.text));

  if (!started && !evaluated)
    return (
      <group name="timed-widget">
        <Panel3D id="timed-status" {...status} width={0.9} title={t('timedNotStarted', { time: limit })} />
        <Panel3D
          id="timed"
          {...placement.main}
          width={0.9}
          title={l(step.title)}
          body={`${l(step.prompt)}\n\n${t('timedBriefing', { time: limit, briefing: BRIEFING_MAX_MS / 60_000 })}`}
          order={10}
          buttons={[
            {
              id: 'start',
              label: t('timedStart'),
              tone: 'primary' as const,
              onActivate: () => respond(timedEdits.start(draft, sincePresented())),
            },
          ]}
        />
      </group>
    );
  return (
    <group name="timed-widget">
      <Panel3D
        id="timed-status"
        {...status}
        width={0.9}
        title={`${remainingMs > 0 ? t('timedRemaining', { time: formatClock(remainingMs) }) : t('timedTimeUp')}`}
        body={`${t('timedClock', { minutes: Math.round(clock.minutes) })}\n${t('timedCounter', { label: l(step.counter.label), value: clock.counter })}${doneLabels.length ? `\n${t('timedDone', { actions: doneLabels.join('；') })}` : ''}`}
      />
      {evaluated ? (
        <FeedbackPanel model={model} {...placement.main} />
      ) : (
        <Panel3D
          id="timed"
          {...placement.main}
          width={0.9}
          title={l(step.title)}
          order={10}
          buttons={[
            ...open.map((a) => ({ id: a.id, label: l(a.text), onActivate: () => respond(timedEdits.act(draft, a.id, stamp())) })),
            {
              id: 'stop',
              label: t('timedStop'),
              tone: 'primary' as const,
              onActivate: () => {
                respond(timedEdits.end(draft, stamp()));
                submit();
              },
            },
          ]}
        />
      )}
    </group>
  );
}
