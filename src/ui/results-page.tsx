// The end of an attempt: score, pass or fail against the one pass mark (the server's, from the
// learner's standing; the course's own when signed out or offline), whether an assessment counts
// toward the training requirement, time, the profile across competency dimensions and every step's feedback. Practice shows what this browser graded; an
// assessment shows only the official result the server graded, and says so while it waits.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useClientServices } from '../client/client-context.ts';
import { useSync } from '../client/sync.ts';
import { useAttemptView } from '../client/sync-attempt-views.ts';
import { summarizeAttempt } from '../engine/attempt-summary.ts';
import { useT } from '../i18n/i18n.ts';
import { usePageTitle } from './page-title.ts';
import { usePlay } from '../play/play-context.tsx';
import { FeedbackLineView } from './task-controls.tsx';
import { reachesMinimum } from '../policy/pass-mark.ts';
import type { MyStanding } from '../contracts/my-standing-types.ts';
import { percent as wholePercent } from './standing-words.ts';
import { useMyStanding } from './use-my-standing.ts';

/** The course's pass mark from the learner's standing, else the course's own. */
function passMarkOf(mine: MyStanding | null, courseId: string, courseMastery: number): number {
  return mine?.courses.find((course) => course.courseId === courseId)?.passMark ?? courseMastery;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function ResultsPage({ onRestart, onBack }: { onRestart: () => void; onBack: () => void }) {
  const { mode } = usePlay();
  return mode === 'assessment' ? (
    <AssessmentResults onRestart={onRestart} onBack={onBack} />
  ) : (
    <PracticeResults onRestart={onRestart} onBack={onBack} />
  );
}

function PracticeResults({ onRestart, onBack }: { onRestart: () => void; onBack: () => void }) {
  const { t, l } = useT();
  const { course, play, attempt } = usePlay();
  const state = useStore(attempt);
  const summary = summarizeAttempt(play, state);
  const percent = Math.round(summary.scaled * 100);
  const passMark = passMarkOf(useMyStanding(), course.id, course.masteryScore);
  const passed = reachesMinimum(summary, passMark);
  usePageTitle(`${t('resultsTitle')} · ${l(course.title)}`);
  return (
    <main className="results" id="main" data-passed={passed} data-score={summary.score} data-max={summary.max}>
      <h1>
        {t('resultsTitle')} · {l(course.title)}
      </h1>
      <p className={`verdict ${passed ? 'verdict-pass' : 'verdict-fail'}`} data-testid="verdict">
        {passed ? `✓ ${t('passed')}` : `× ${t('failed')}`}
      </p>
      <p data-testid="score-line">{t('scoreLine', { score: summary.score, max: summary.max, percent })}</p>
      <p>
        <span data-testid="pass-mark">{t('masteryLine', { percent: wholePercent(passMark) })}</span> ·{' '}
        {t('timeSpent', { time: formatDuration(summary.durationMs) })}
      </p>
      {summary.dimensions.length > 0 && (
        <section>
          <h2>{t('perDimension')}</h2>
          <ScoreBars
            bars={summary.dimensions.map((d) => {
              const dim = course.dimensions?.find((x) => x.id === d.dimensionId);
              return {
                key: d.dimensionId,
                label: dim ? l(dim.title) : d.dimensionId,
                scaled: d.scaled,
                text: `${Math.round(d.scaled * 100)}%`,
              };
            })}
          />
        </section>
      )}
      <section>
        <h2>{t('perScene')}</h2>
        <ScoreBars
          bars={summary.scenes.map((s) => {
            const scene = course.scenes.find((x) => x.id === s.sceneId)!;
            return {
              key: s.sceneId,
              label: l(scene.title),
              scaled: s.scaled,
              text: `${s.score} / ${s.max} · ${formatDuration(s.durationMs)}`,
            };
          })}
        />
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

/** A list of labelled bars (a meter and its figure), for scenes and competency dimensions. */
function ScoreBars({ bars }: { bars: readonly { key: string; label: string; scaled: number; text: string }[] }) {
  return (
    <ul className="bars">
      {bars.map((bar) => (
        <li key={bar.key}>
          <span>{bar.label}</span>
          <meter min={0} max={1} value={bar.scaled} aria-label={bar.label} />
          <span>{bar.text}</span>
        </li>
      ))}
    </ul>
  );
}

const percentOf = (score: number, max: number) => (max > 0 ? Math.round((score / max) * 100) : 0);

/** The official result of an assessment, from the server's AttemptView; nothing graded here. */
function AssessmentResults({ onRestart, onBack }: { onRestart: () => void; onBack: () => void }) {
  const { t, l } = useT();
  const { course, attempt } = usePlay();
  const attemptId = useStore(attempt, (s) => s.attemptId);
  const view = useAttemptView(attemptId);
  const pending = useSync((s) => s.pendingByAttempt[attemptId] ?? 0);
  const { fetchAttemptView } = useClientServices().sync;
  const official = view?.official ?? null;
  // Asked again once the official result is here, so the standing includes it.
  const mine = useMyStanding(official ? attemptId : '');
  const passMark = passMarkOf(mine, course.id, course.masteryScore);
  const inPeriod = mine?.results.find((result) => result.attemptId === attemptId);
  const passed = official !== null && (inPeriod?.reachesPassMark ?? reachesMinimum(official, passMark));
  usePageTitle(`${t('assessment_resultTitle')} · ${l(course.title)}`);
  // Everything sent but no official result here (graded from another tab, or the answer was
  // lost): ask the server.
  useEffect(() => {
    if (!official && pending === 0) void fetchAttemptView(attemptId);
  }, [fetchAttemptView, official, pending, attemptId]);
  const titleOfScene = (sceneId: string) => {
    const scene = course.scenes.find((s) => s.id === sceneId);
    return scene ? l(scene.title) : sceneId;
  };
  return (
    <main
      className="results"
      id="main"
      data-mode="assessment"
      data-official={official !== null}
      {...(official && { 'data-passed': passed, 'data-score': official.score, 'data-max': official.max })}
    >
      <h1>
        {t('assessment_resultTitle')} · {l(course.title)}
      </h1>
      {!official ? (
        <section aria-live="polite">
          <p data-testid="sync-wait" data-pending={pending}>
            {pending > 0 ? t('assessment_waitingToSync', { count: pending }) : t('assessment_waitingForServer')}
          </p>
          {pending === 0 && (
            <button type="button" onClick={() => void fetchAttemptView(attemptId)}>
              {t('assessment_checkAgain')}
            </button>
          )}
        </section>
      ) : (
        <>
          <p className={`verdict ${passed ? 'verdict-pass' : 'verdict-fail'}`} data-testid="verdict">
            {passed ? `✓ ${t('passed')}` : `× ${t('failed')}`}
            {view?.status === 'expired' && ` · ${t('assessment_expired')}`}
          </p>
          <p data-testid="score-line">
            {t('scoreLine', { score: official.score, max: official.max, percent: Math.round(official.scaled * 100) })}
          </p>
          <p>
            <span data-testid="pass-mark">{t('masteryLine', { percent: wholePercent(passMark) })}</span> ·{' '}
            {t('assessment_officialNote')}
          </p>
          {mine ? (
            <p data-testid="counts-line" data-counts={String(inPeriod?.counts ?? false)}>
              {inPeriod === undefined
                ? t('results_outsidePeriod', { period: l(mine.period.label) })
                : inPeriod.counts
                  ? t('results_counts', { period: l(mine.period.label), percent: wholePercent(passMark) })
                  : t('results_notCounted', { percent: wholePercent(passMark) })}
            </p>
          ) : null}
          {official.dimensions.length > 0 && (
            <section>
              <h2>{t('perDimension')}</h2>
              <ScoreBars
                bars={official.dimensions.map((d) => {
                  const dim = course.dimensions?.find((x) => x.id === d.dimensionId);
                  return {
                    key: d.dimensionId,
                    label: dim ? l(dim.title) : d.dimensionId,
                    scaled: d.max > 0 ? d.score / d.max : 0,
                    text: `${percentOf(d.score, d.max)}%`,
                  };
                })}
              />
            </section>
          )}
          <section>
            <h2>{t('perScene')}</h2>
            <ScoreBars
              bars={official.scenes.map((s) => ({
                key: s.sceneId,
                label: titleOfScene(s.sceneId),
                scaled: s.max > 0 ? s.score / s.max : 0,
                text: `${s.score} / ${s.max}`,
              }))}
            />
          </section>
          <section>
            <h2>{t('feedbackTitle')}</h2>
            {(view?.steps ?? []).map(({ sceneId, stepId, result }) => {
              const step = course.scenes.find((s) => s.id === sceneId)?.steps.find((s) => s.id === stepId);
              return (
                <details key={`${sceneId}/${stepId}`}>
                  <summary>
                    {titleOfScene(sceneId)} · {step ? l(step.title) : stepId} —{' '}
                    {t('yourScore', { score: result.score, max: result.max })}
                  </summary>
                  {result.lines.map((line, i) => (
                    <FeedbackLineView key={`${line.ref}-${i}`} verdict={line.verdict} text={l(line.text)} />
                  ))}
                </details>
              );
            })}
          </section>
        </>
      )}
      <p className="actions">
        <button type="button" className="primary" onClick={onRestart}>
          {t('assessment_again')}
        </button>
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
      </p>
    </main>
  );
}
