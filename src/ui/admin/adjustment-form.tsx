// Adjusting an official result (POST /api/v1/attempts/:id/adjustments): a score, passed or not,
// and a written reason of at least 10 characters. The adjustment becomes a new ledger entry; the
// original grading is never changed. Errors (ours or the server's) are tied to the fields.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../client/api.ts';
import { MIN_REASON_CHARS } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { percent } from './report-model.ts';
import { useFailureMessage } from './use-api.ts';

type FieldError = { field: 'score' | 'reason' | null; message: string };

export function AdjustmentForm({
  attemptId,
  current,
  onSaved,
}: {
  attemptId: string;
  current: { scaled: number; passed: boolean };
  onSaved: () => void;
}) {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const [score, setScore] = useState(String(percent(current.scaled)));
  const [passed, setPassed] = useState(current.passed);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [savedSeq, setSavedSeq] = useState<number | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSavedSeq(null);
    const value = Number(score.trim().replace(',', '.'));
    if (score.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100)
      return setError({ field: 'score', message: t('console_adjustScoreInvalid') });
    if ([...reason.trim()].length < MIN_REASON_CHARS)
      return setError({ field: 'reason', message: t('console_adjustReasonShort') });
    setError(null);
    setBusy(true);
    try {
      const saved = await api('adjustments.create', {
        params: { attemptId },
        body: { scaled: Math.round(value * 100) / 10000, passed, reason: reason.trim() },
      });
      setSavedSeq(saved.ledgerSeq);
      setReason('');
      onSaved();
    } catch (caught) {
      setError({
        field: null,
        message: t('console_adjustFailed', { message: failure(caught, `/api/v1/attempts/${attemptId}/adjustments`) }),
      });
    } finally {
      setBusy(false);
    }
  };

  const errorId = `${id}-error`;
  const describedBy = (field: 'score' | 'reason', hint?: string) =>
    [hint, error && (error.field === field || error.field === null) ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <section className="admin-card adjustment" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_adjust')}</h2>
      <p id={`${id}-intro`} className="hint">
        {t('console_adjustIntro')}
      </p>
      <form className="account-form adjustment-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <label htmlFor={`${id}-score`}>{t('console_adjustScore')}</label>
        <input
          id={`${id}-score`}
          name="score"
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step="any"
          value={score}
          onChange={(event) => setScore(event.target.value)}
          aria-invalid={error?.field === 'score'}
          aria-describedby={describedBy('score')}
        />
        <fieldset className="passed-choice">
          <legend>{t('console_adjustPassed')}</legend>
          <label className="checkbox">
            <input type="radio" name="passed" value="yes" checked={passed} onChange={() => setPassed(true)} />{' '}
            {t('console_adjustPassedYes')}
          </label>
          <label className="checkbox">
            <input type="radio" name="passed" value="no" checked={!passed} onChange={() => setPassed(false)} />{' '}
            {t('console_adjustPassedNo')}
          </label>
        </fieldset>
        <label htmlFor={`${id}-reason`}>{t('console_adjustReason')}</label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={error?.field === 'reason'}
          aria-describedby={describedBy('reason', `${id}-intro`)}
        />
        <div id={errorId} role="alert" className="form-error">
          {error?.message}
        </div>
        <div role="status" className="success">
          {savedSeq !== null ? t('console_adjustSaved', { seq: savedSeq }) : null}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('console_adjustSubmit')}
        </button>
      </form>
    </section>
  );
}
