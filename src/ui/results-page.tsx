// The end of an attempt: score, pass or fail against the mastery score, time, the profile across
// competency dimensions and every step's feedback.
import { useStore } from 'zustand';
import { summarizeAttempt } from '../engine/attempt-summary.ts';
import { useT } from './i18n.ts';
import { usePlay } from './play-context.tsx';
import { FeedbackLineView } from './task-controls.tsx';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function ResultsPage({ onRestart, onBack }: { onRestart: () => void; onBack: () => void }) {
  const { t, l } = useT();
  const { course, attempt } = usePlay();
  const state = useStore(attempt);
  const summary = summarizeAttempt(course, state);
  const percent = Math.round(summary.scaled * 100);
  return (
    <main className="results" id="main" data-passed={summary.passed} data-score={summary.score} data-max={summary.max}>
      <h1>{t('resultsTitle')} · {l(course.title)}</h1>
      <p className={`verdict ${summary.passed ? 'verdict-pass' : 'verdict-fail'}`} data-testid="verdict">
        {summary.passed ? `✓ ${t('passed')}` : `× ${t('failed')}`}
      </p>
      <p data-testid="score-line">{t('scoreLine', { score: summary.score, max: summary.max, percent })}</p>
      <p>{t('masteryLine', { percent: Math.round(course.masteryScore * 100) })} · {t('timeSpent', { time: formatDuration(summary.durationMs) })}</p>
      {summary.dimensions.length > 0 && (
        <section>
          <h2>{t('perDimension')}</h2>
          <ul className="bars">
            {summary.dimensions.map((d) => {
              const dim = course.dimensions?.find((x) => x.id === d.dimensionId);
              return (
                <li key={d.dimensionId}>
                  <span>{dim ? l(dim.title) : d.dimensionId}</span>
                  <meter min={0} max={1} value={d.scaled} aria-label={dim ? l(dim.title) : d.dimensionId} />
                  <span>{Math.round(d.scaled * 100)}%</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section>
        <h2>{t('perScene')}</h2>
        <ul className="bars">
          {summary.scenes.map((s) => {
            const scene = course.scenes.find((x) => x.id === s.sceneId)!;
            return (
              <li key={s.sceneId}>
                <span>{l(scene.title)}</span>
                <meter min={0} max={1} value={s.scaled} aria-label={l(scene.title)} />
                <span>
                  {s.score} / {s.max} · {formatDuration(s.durationMs)}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
      <section>
        <h2>{t('feedbackTitle')}</h2>
        {state.records.map((record) => {
          const scene = course.scenes.find((s) => s.id === record.sceneId)!;
          const step = scene.steps.find((s) => s.id === record.stepId)!;
          return (
            <details key={`${record.sceneId}/${record.stepId}`}>
              <summary>
                {l(scene.title)} · {l(step.title)} — {t('yourScore', { score: record.result.score, max: record.result.max })}
              </summary>
              {record.result.lines.map((line, i) => (
                <FeedbackLineView key={`${line.ref}-${i}`} verdict={line.verdict} text={l(line.text)} />
              ))}
            </details>
          );
        })}
      </section>
      <p className="actions">
        <button type="button" className="primary" onClick={onRestart}>
          {t('tryAgain')}
        </button>
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
      </p>
    </main>
  );
}
