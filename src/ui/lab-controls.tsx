// The lab in the DOM panel: the same model switches, threshold and conclusions as native
// controls, with the metrics as a table a screen reader can read.
import type { PublicLabStep } from '../engine/public-view.ts';
import { labEdits } from '../engine/response-edits.ts';
import type { LabResponse } from '../engine/responses.ts';
import { useT } from '../i18n/i18n.ts';
import { labReadout } from '../play/lab-text.ts';

export function LabControls({
  step,
  draft,
  respond,
  submit,
}: {
  step: PublicLabStep;
  draft: LabResponse;
  respond: (r: LabResponse) => void;
  submit: () => void;
}) {
  const { t, l } = useT();
  const { metrics, summary } = labReadout(step, draft, t, l);
  const done = step.questions.every((q) => draft.answers[q.id] !== undefined);
  return (
    <>
      <fieldset className="options">
        <legend>{t('labFeatures')}</legend>
        {step.features.map((f) => (
          <label key={f.id} className="option">
            <input
              type="checkbox"
              data-feature={f.id}
              checked={!draft.removed.includes(f.id)}
              onChange={() => respond(labEdits.toggleFeature(draft, f.id))}
            />
            <span>
              <strong>{l(f.label)}</strong> — {l(f.description)}
            </span>
          </label>
        ))}
        <label className="option">
          <span>{t('labThreshold', { value: draft.threshold.toFixed(2) })}</span>
          <input
            type="range"
            data-threshold
            min={step.thresholdRange[0]}
            max={step.thresholdRange[1]}
            step={0.01}
            value={draft.threshold}
            onChange={(e) => respond(labEdits.setThreshold(draft, Number(e.target.value), step.thresholdRange))}
          />
        </label>
      </fieldset>
      <table className="lab-metrics" data-testid="lab-metrics">
        <caption>{t('labMetrics')}</caption>
        <thead>
          <tr>
            {/* Short headers keep the table narrow; screen readers hear the full names. */}
            <th scope="col">
              <span className="visually-hidden">{t('labColGroup')}</span>
            </th>
            <ShortHeader short="n" full={t('labColPeople')} />
            <ShortHeader short="✓" full={t('labColApproved')} />
            <ShortHeader short="SR" full={t('labColRate')} />
            <ShortHeader short="TPR" full={t('labColTpr')} />
          </tr>
        </thead>
        <tbody>
          {metrics.groups.map((g) => {
            const label = step.groups.find((x) => x.value === g.value)?.label;
            return (
              <tr key={g.value} data-group={g.value}>
                <th scope="row">{label ? l(label) : g.value}</th>
                <td>{g.n}</td>
                <td>{g.approved}</td>
                <td data-metric="selection-rate">{g.selectionRate.toFixed(2)}</td>
                <td data-metric="tpr">{g.tpr.toFixed(2)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p
        data-testid="lab-summary"
        data-di={metrics.disparateImpact.toFixed(3)}
        data-tpr-gap={metrics.tprGap.toFixed(3)}
        data-wrongly-rejected={metrics.wronglyRejected}
      >
        {summary}
      </p>
      {step.questions.map((q) => (
        <fieldset key={q.id} className="options">
          <legend>{l(q.prompt)}</legend>
          {q.options.map((o) => (
            <label key={o.id} className="option">
              <input
                type="radio"
                name={`lab-${step.id}-${q.id}`}
                value={o.id}
                checked={draft.answers[q.id] === o.id}
                onChange={() => respond(labEdits.answer(draft, q.id, o.id))}
              />
              {l(o.text)}
            </label>
          ))}
        </fieldset>
      ))}
      <button type="button" className="primary" data-action="submit" disabled={!done} onClick={submit}>
        {t('submit')}
      </button>
    </>
  );
}

/** A column header shown abbreviated (with the full name on hover) and read out in full. */
function ShortHeader({ short, full }: { short: string; full: string }) {
  return (
    <th scope="col" title={full}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{full}</span>
    </th>
  );
}
