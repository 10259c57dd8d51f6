// The timed incident in the DOM panel: first the briefing and a Start button (the clock does not
// run before it), then time left, the incident's clock and counter (announced as they change), and
// the actions still open.
import type { PublicTimedStep } from '../engine/public-view.ts';
import { timedEdits } from '../engine/response-edits.ts';
import type { TimedResponse } from '../engine/responses.ts';
import { useT } from '../i18n/i18n.ts';
import { BRIEFING_MAX_MS } from '../engine/step-kinds/timed/clock.ts';
import { formatClock, useTimedClock } from '../play/timed-step.tsx';

export function TimedControls({
  step,
  draft,
  respond,
  submit,
}: {
  step: PublicTimedStep;
  draft: TimedResponse;
  respond: (r: TimedResponse) => void;
  submit: () => void;
}) {
  const { t, l } = useT();
  const { started, remainingMs, clock, stamp, sincePresented } = useTimedClock(step, draft, true);
  if (!started)
    return (
      <section className="timed-briefing" data-testid="timed-briefing">
        <p className="timed-status" data-testid="timed-remaining">
          {t('timedNotStarted', { time: formatClock(step.timeLimitSeconds * 1000) })}
        </p>
        <p>{t('timedBriefing', { time: formatClock(step.timeLimitSeconds * 1000), briefing: BRIEFING_MAX_MS / 60_000 })}</p>
        <button
          type="button"
          className="primary"
          data-action="timed-start"
          onClick={() => respond(timedEdits.start(draft, sincePresented()))}
        >
          {t('timedStart')}
        </button>
      </section>
    );
  const open = step.actions.filter((a) => !draft.done.some((d) => d.id === a.id));
  return (
    <>
      <p className="timed-status" role="timer" aria-live="off" data-testid="timed-remaining">
        {remainingMs > 0 ? t('timedRemaining', { time: formatClock(remainingMs) }) : t('timedTimeUp')}
      </p>
      <p aria-live="polite" data-testid="timed-counter" data-counter={clock.counter}>
        {t('timedClock', { minutes: Math.round(clock.minutes) })} ·{' '}
        {t('timedCounter', { label: l(step.counter.label), value: clock.counter })}
      </p>
      {draft.done.length > 0 && (
        <ol className="timed-done">
          {draft.done.map((d) => (
            <li key={d.id}>{l(step.actions.find((a) => a.id === d.id)!.text)}</li>
          ))}
        </ol>
      )}
      <fieldset className="options">
        <legend>{l(step.prompt)}</legend>
        {open.map((a) => (
          <button type="button" key={a.id} data-action-id={a.id} onClick={() => respond(timedEdits.act(draft, a.id, stamp()))}>
            {l(a.text)}
          </button>
        ))}
      </fieldset>
      <button
        type="button"
        className="primary"
        data-action="submit"
        onClick={() => {
          respond(timedEdits.end(draft, stamp()));
          submit();
        }}
      >
        {t('timedStop')}
      </button>
    </>
  );
}
