// The after-action review of a joint-exercise session, for its trainer and admins: the replay
// (?page=exercise-replay&session=<id>) plays the session's log on a timeline at 1×–16× with the
// exercise's own rules (src/exercise), shows who did what and when, the board and every role's
// view at that moment and the scores so far with their reasons, and starts a new session from any
// moment; the debrief (?page=exercise-debrief&session=<id>) is the same record on one printable page.
import { useEffect, useId, useMemo, useState } from 'react';
import { api, ApiError } from '../../client/api.ts';
import { currentPath, followLink, hrefFor, navigate } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import type { ExerciseReplay } from '../../contracts/exercise-types.ts';
import { createExerciseRules, type ExerciseRulesOf } from '../../exercise/exercise-rules.ts';
import { replayStates, type ExerciseLogEntry } from '../../exercise/replay.ts';
import { exerciseSchema, type Exercise } from '../../exercise/schema.ts';
import { elapsedAt, variableValues, type ExerciseState } from '../../exercise/state.ts';
import type { ExerciseOutcome } from '../../exercise/rules.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { formatDateTime } from '../trainer/class-format.ts';
import { RequestLine, RoleBriefing, RolePicker, SituationBoard, timelineText } from './exercise-panels.tsx';
import { clockText, type TrainerView } from './exercise-view.ts';
import { commandText, logEntries, roleLabel } from './review-text.ts';

type T = ReturnType<typeof useT>['t'];
type L = ReturnType<typeof useT>['l'];

/** A session's record, replayed: the state before the first entry and after each. */
interface Review {
  readonly replay: ExerciseReplay;
  readonly exercise: Exercise;
  readonly rules: ExerciseRulesOf;
  readonly entries: readonly ExerciseLogEntry[];
  /** states[0] before the first entry, states[i + 1] after entry i. */
  readonly states: readonly ExerciseState[];
  readonly mismatches: readonly number[];
  readonly startMs: number;
  /** Wall time of the last entry (the start when there is none). */
  readonly endMs: number;
}

const SPEEDS = [1, 2, 4, 8, 16] as const;
/** How often a playing replay moves on, in wall milliseconds. */
const TICK_MS = 100;

function failureText(error: unknown, t: T): string {
  return error instanceof ApiError ? t('exercise_failed', { message: error.message }) : t('exercise_offline');
}

function useReview(sessionId: string): { review: Review | null; error: string | null } {
  const { t } = useT();
  const [state, setState] = useState<{ review: Review | null; error: string | null }>({ review: null, error: null });
  useEffect(() => {
    let live = true;
    api('exerciseSessions.replay', { params: { sessionId } }).then(
      (replay) => {
        if (!live) return;
        const parsed = exerciseSchema.safeParse(replay.exercise);
        if (!parsed.success) return setState({ review: null, error: t('review_unreadable') });
        const rules = createExerciseRules(parsed.data);
        const entries = logEntries(replay.log);
        const startMs = Date.parse(replay.startedAt);
        const { states, mismatches } = replayStates(rules, entries, { seed: replay.seed, startedAtMs: startMs });
        setState({
          review: {
            replay,
            exercise: parsed.data,
            rules,
            entries,
            states,
            mismatches,
            startMs,
            endMs: Math.max(startMs, entries.at(-1)?.atMs ?? startMs),
          },
          error: null,
        });
      },
      (caught: unknown) => live && setState({ review: null, error: failureText(caught, t) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId]);
  return state;
}

/** The trainer's or an admin's page, else the reason. */
function Guarded({ children, title }: { children: React.ReactNode; title: string }) {
  const { t } = useT();
  const status = useSession((s) => s.status);
  const user = useSession((s) => s.user);
  if (user !== null && (user.role === 'trainer' || user.role === 'admin')) return <>{children}</>;
  return (
    <main id="main" className="trainer-page" aria-busy={user === null && status === 'loading'}>
      <h1>{title}</h1>
      {user === null && status !== 'loading' ? (
        <p>
          {t('trainer_signInNeeded')}{' '}
          <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
            {t('trainer_signIn')}
          </a>
        </p>
      ) : null}
      {user !== null ? <p className="not-allowed">{t('exercise_trainerOnly')}</p> : null}
    </main>
  );
}

export function ExerciseReviewPage({ sessionId, debrief }: { sessionId: string | null; debrief: boolean }) {
  const { t } = useT();
  const title = t(debrief ? 'review_openDebrief' : 'review_openReplay');
  usePageTitle(title);
  return (
    <Guarded title={title}>
      {sessionId === null ? (
        <main id="main" className="trainer-page">
          <h1>{title}</h1>
          <p>
            <a href={hrefFor({ page: 'exercises' })} onClick={followLink}>
              {t('exercise_backToList')}
            </a>
          </p>
        </main>
      ) : (
        <Loaded sessionId={sessionId} debrief={debrief} />
      )}
    </Guarded>
  );
}

function Loaded({ sessionId, debrief }: { sessionId: string; debrief: boolean }) {
  const { t } = useT();
  const { review, error } = useReview(sessionId);
  if (review === null)
    return (
      <main id="main" className="trainer-page exercise-review" aria-busy={error === null}>
        <h1>{t(debrief ? 'review_openDebrief' : 'review_openReplay')}</h1>
        {error === null ? <p>{t('review_loading')}</p> : null}
        <p role="alert" className="form-error">
          {error}
        </p>
      </main>
    );
  return debrief ? <Debrief review={review} /> : <Replay review={review} />;
}

/** The trainer's view of the state after `index` entries, at the exercise time the review stands at. */
function trainerView(review: Review, state: ExerciseState): TrainerView {
  return review.rules.viewFor(state, 'trainer') as TrainerView;
}

/** The index of the last entry at or before wall time `ms` (-1: before the first). */
function entryAt(review: Review, ms: number): number {
  let found = -1;
  for (const [index, entry] of review.entries.entries()) {
    if (entry.atMs > ms) break;
    found = index;
  }
  return found;
}

function Replay({ review }: { review: Review }) {
  const { t, l } = useT();
  const id = useId();
  const { replay, exercise } = review;
  const count = review.entries.length;
  // Where the review stands: wall time in the session, and the entry shown.
  const [cursorMs, setCursorMs] = useState(review.endMs);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(4);
  const [shownRole, setShownRole] = useState('');
  const [forkError, setForkError] = useState<string | null>(null);
  const [forking, setForking] = useState(false);
  const index = entryAt(review, cursorMs);
  const state = review.states[index + 1]!;
  const view = useMemo(() => trainerView(review, state), [review, state]);
  const elapsed = elapsedAt(state, Math.max(cursorMs, state.clock.lastAtMs));
  usePageTitle(t('review_replayTitle', { title: replay.session.title }));

  useEffect(() => {
    if (!playing) return undefined;
    const timer = setInterval(() => {
      setCursorMs((ms) => {
        const next = Math.min(review.endMs, ms + TICK_MS * speed);
        if (next >= review.endMs) setPlaying(false);
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, review.endMs]);

  const goTo = (entryIndex: number) => {
    setPlaying(false);
    setCursorMs(entryIndex < 0 ? review.startMs : review.entries[entryIndex]!.atMs);
  };
  const play = () => {
    if (cursorMs >= review.endMs) setCursorMs(review.startMs);
    setPlaying(true);
  };
  const finishedHere = review.rules.outcome(state).finished;
  const fork = async () => {
    setForking(true);
    setForkError(null);
    try {
      const { session } = await api('exerciseSessions.fork', {
        params: { sessionId: replay.session.id },
        body: { seq: review.entries[index]!.seq, title: `${replay.session.title} · ${clockText(elapsed)}` },
      });
      navigate(hrefFor({ page: 'exercises', session: session.id }));
    } catch (caught) {
      setForkError(failureText(caught, t));
      setForking(false);
    }
  };
  const role = view.allRoles.find((r) => r.id === shownRole) ?? view.allRoles[0];
  const seconds = Math.round((review.endMs - review.startMs) / 1000);

  return (
    <main id="main" className="trainer-page exercise-review exercise-replay" data-entry={index}>
      <p className="review-links">
        <a href={hrefFor({ page: 'exercises', session: replay.session.id })} onClick={followLink}>
          {t('review_backToSession')}
        </a>{' '}
        ·{' '}
        <a href={hrefFor({ page: 'exercise-debrief', session: replay.session.id })} onClick={followLink}>
          {t('review_openDebrief')}
        </a>
      </p>
      <h1>{t('review_replayTitle', { title: replay.session.title })}</h1>
      <p>{l(exercise.title)}</p>
      {review.mismatches.length > 0 ? (
        <p role="alert" className="form-error">
          {t('review_mismatch', { entries: review.mismatches.join(t('exercise_listSeparator')) })}
        </p>
      ) : null}
      <section className="admin-card review-controls" aria-labelledby={`${id}-controls`}>
        <h2 id={`${id}-controls`}>{t('review_controls')}</h2>
        <div className="button-row">
          <button type="button" onClick={() => goTo(-1)}>
            {t('review_toStart')}
          </button>
          <button type="button" disabled={index < 0} onClick={() => goTo(index - 1)}>
            {t('review_previous')}
          </button>
          <button type="button" className="primary" onClick={() => (playing ? setPlaying(false) : play())} aria-pressed={playing}>
            {playing ? t('review_pause') : t('review_play')}
          </button>
          <button type="button" disabled={index >= count - 1} onClick={() => goTo(index + 1)}>
            {t('review_next')}
          </button>
          <button type="button" onClick={() => goTo(count - 1)}>
            {t('review_toEnd')}
          </button>
          <label htmlFor={`${id}-speed`}>{t('review_speed')}</label>
          <select id={`${id}-speed`} value={speed} onChange={(event) => setSpeed(Number(event.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </div>
        <label htmlFor={`${id}-position`}>{t('review_position')}</label>
        <input
          id={`${id}-position`}
          type="range"
          min={0}
          max={seconds}
          step={1}
          value={Math.round((cursorMs - review.startMs) / 1000)}
          aria-valuetext={clockText(cursorMs - review.startMs)}
          onChange={(event) => {
            setPlaying(false);
            setCursorMs(review.startMs + Number(event.target.value) * 1000);
          }}
        />
        <p className="review-position" data-index={index}>
          {index < 0
            ? t('review_atStart', { time: clockText(elapsed) })
            : t('review_positionText', { index: index + 1, count, time: clockText(elapsed) })}
        </p>
        <p className="review-fork-hint">{t('review_forkHint')}</p>
        <button type="button" disabled={index < 0 || finishedHere || forking} onClick={() => void fork()}>
          {forking ? t('review_forking') : t('review_fork')}
        </button>
        {index < 0 || finishedHere ? <p className="hint">{t('review_forkNotHere')}</p> : null}
        <p role="alert" className="form-error">
          {forkError}
        </p>
      </section>
      <div className="exercise-columns">
        <div>
          <WhoDidWhat review={review} current={index} onGo={goTo} />
        </div>
        <div>
          <SituationBoard view={view} elapsedMs={elapsed} />
          <Scores exercise={exercise} outcome={review.rules.outcome(state)} title={t('review_scoresTitle')} />
          <RolePicker roles={view.allRoles} value={role?.id ?? ''} onChange={setShownRole} />
          {role ? <RoleBriefing role={role} trainer /> : null}
          <section className="admin-card" aria-labelledby={`${id}-requests`}>
            <h2 id={`${id}-requests`}>{t('exercise_requestsTitle')}</h2>
            {view.requests.length === 0 ? <p>{t('exercise_requestsNone')}</p> : null}
            <ul>
              {view.requests.map((request) => (
                <RequestLine key={request.id} view={view as TrainerView & Record<string, unknown>} request={request} />
              ))}
            </ul>
          </section>
        </div>
      </div>
    </main>
  );
}

/** What an entry changed on the board's timeline (for clock entries: the injects and phases it set off). */
function newTimeline(review: Review, index: number, t: T, l: L): string {
  const before = review.states[index]!;
  const after = review.states[index + 1]!;
  const added = after.timeline.slice(before.timeline.length);
  if (added.length === 0) return t('review_nothing');
  const view = trainerView(review, after);
  return added.map((entry) => timelineText(view, entry, l, t)).join(t('exercise_listSeparator'));
}

/** Whether a clock entry set something off (an inject, a phase's end) rather than only moving time on. */
function clockMattered(review: Review, index: number): boolean {
  return review.states[index + 1]!.timeline.length > review.states[index]!.timeline.length;
}

function WhoDidWhat({ review, current, onGo }: { review: Review; current: number; onGo: (index: number) => void }) {
  const { t, l } = useT();
  const id = useId();
  const { exercise } = review;
  // The room records the clock every second it runs; only the ticks that set something off are
  // shown unless asked for (the current entry always is).
  const [ticks, setTicks] = useState(false);
  const shown = review.replay.log.flatMap((entry, index) =>
    ticks || entry.kind !== 'clock' || index === current || clockMattered(review, index) ? [{ entry, index }] : [],
  );
  return (
    <section className="admin-card review-log" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('review_whoDidWhat')}</h2>
      <label className="review-ticks">
        <input type="checkbox" checked={ticks} onChange={(event) => setTicks(event.target.checked)} /> {t('review_showTicks')}
      </label>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('review_colNo')}</th>
              <th scope="col">{t('review_colTime')}</th>
              <th scope="col">{t('review_colWho')}</th>
              <th scope="col">{t('review_colWhat')}</th>
              <th scope="col">{t('review_colResult')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ entry, index }) => {
              const after = review.states[index + 1]!;
              return (
                <tr
                  key={entry.seq}
                  data-seq={entry.seq}
                  data-accepted={entry.accepted ? 'yes' : 'no'}
                  aria-current={index === current ? 'step' : undefined}
                  className={index === current ? 'current' : undefined}
                >
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('review_goTo', { index: index + 1 })}
                      onClick={() => onGo(index)}
                    >
                      {index + 1}
                    </button>
                  </th>
                  <td className="exercise-time">{clockText(elapsedAt(after, review.entries[index]!.atMs))}</td>
                  <td>
                    {entry.actor === null
                      ? t('review_clock')
                      : t('review_who', { name: entry.actor.name, role: roleLabel(exercise, entry.actor.role, l, t) })}
                  </td>
                  <td>
                    {entry.kind === 'clock' ? newTimeline(review, index, t, l) : commandText(exercise, entry.command, l, t)}
                  </td>
                  <td>
                    {entry.accepted ? t('review_accepted') : t('review_refused', { reason: entry.reason ?? entry.code ?? '' })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Scores({
  exercise,
  outcome,
  title,
  final = false,
}: {
  exercise: Exercise;
  outcome: ExerciseOutcome;
  title: string;
  /** The session's end: nothing more will be scored. */
  final?: boolean;
}) {
  const { t, l } = useT();
  const id = useId();
  const lines = [
    { key: 'team', name: t('review_team'), score: outcome.team },
    ...exercise.roles.map((role) => ({ key: role.id, name: l(role.name), score: outcome.roles[role.id] })),
  ];
  return (
    <section className="admin-card review-scores" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <dl>
        {lines.map(({ key, name, score }) =>
          score === undefined ? null : (
            <div key={key} data-score={key}>
              <dt>{t('review_scoreLine', { name, score: score.score, max: score.max })}</dt>
              <dd>
                {score.reasons.length === 0 ? (
                  t(final ? 'review_noReasonsFinal' : 'review_noReasons')
                ) : (
                  <ul>
                    {score.reasons.map((reason, index) => (
                      <li key={`${reason.code}-${index}`}>
                        {'points' in reason && typeof reason.points === 'number'
                          ? `${t('review_points', { points: reason.points > 0 ? `+${reason.points}` : reason.points })} · `
                          : ''}
                        {l(reason.text)}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          ),
        )}
      </dl>
    </section>
  );
}

/** One indicator over the exercise as a small line chart, with its numbers in words beside it. */
function VariableChart({ label, points }: { label: string; points: readonly (readonly [number, number])[] }) {
  const { t } = useT();
  const width = 320;
  const height = 64;
  const values = points.map(([, v]) => v);
  const max = Math.max(1, ...values);
  const lastX = Math.max(1, points.at(-1)?.[0] ?? 1);
  const path = points
    .map(
      ([x, v], index) =>
        `${index === 0 ? 'M' : 'L'}${((x / lastX) * width).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`,
    )
    .join(' ');
  const text = t('review_chartLabel', {
    label,
    first: values[0] ?? 0,
    last: values.at(-1) ?? 0,
    max: Math.max(...values, 0),
  });
  return (
    <figure className="review-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={text}>
        <path d={path} fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <figcaption>{text}</figcaption>
    </figure>
  );
}

function Debrief({ review }: { review: Review }) {
  const { t, l, locale } = useT();
  const id = useId();
  const { replay, exercise } = review;
  const final = review.states.at(-1)!;
  const outcome = review.rules.outcome(final);
  const view = trainerView(review, final);
  usePageTitle(t('review_debriefTitle', { title: replay.session.title }));
  const series = exercise.variables.map((variable) => ({
    id: variable.id,
    label: l(variable.label),
    points: review.states.map((state) => {
      const at = elapsedAt(state, state.clock.lastAtMs);
      return [at, variableValues(exercise, state, at)[variable.id] ?? 0] as const;
    }),
  }));
  const refused = replay.log.filter((entry) => !entry.accepted);
  const [generated] = useState(() => new Date().toISOString());
  return (
    <main id="main" className="trainer-page exercise-review exercise-debrief">
      <p className="review-links no-print">
        <a href={hrefFor({ page: 'exercise-replay', session: replay.session.id })} onClick={followLink}>
          {t('review_openReplay')}
        </a>{' '}
        ·{' '}
        <a href={hrefFor({ page: 'exercises', session: replay.session.id })} onClick={followLink}>
          {t('review_backToSession')}
        </a>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('review_print')}
        </button>
      </p>
      <h1>{t('review_debriefTitle', { title: replay.session.title })}</h1>
      <section aria-labelledby={`${id}-facts`}>
        <h2 id={`${id}-facts`}>{t('review_sessionFacts')}</h2>
        <dl className="review-facts">
          <dt>{t('review_exercise')}</dt>
          <dd>{l(exercise.title)}</dd>
          <dt>{t('review_trainer')}</dt>
          <dd>{replay.session.trainer.name}</dd>
          <dt>{t('review_started')}</dt>
          <dd>{formatDateTime(replay.startedAt, locale)}</dd>
          <dt>{t('review_ended')}</dt>
          <dd>{replay.session.endedAt ? formatDateTime(replay.session.endedAt, locale) : t('review_notEnded')}</dd>
        </dl>
        {replay.session.forkedFrom ? <p>{t('review_forkedFrom', { seq: replay.session.forkedFrom.seq + 1 })}</p> : null}
        <h3>{t('review_participants')}</h3>
        <ul className="review-participants">
          {replay.session.participants.map((p) => (
            <li key={p.userId}>
              {t('review_who', { name: p.name, role: p.role ? roleLabel(exercise, p.role, l, t) : t('review_noRole') })}
            </li>
          ))}
        </ul>
      </section>
      <Scores exercise={exercise} outcome={outcome} title={t('review_finalScores')} final />
      {series.length > 0 ? (
        <section aria-labelledby={`${id}-vars`}>
          <h2 id={`${id}-vars`}>{t('review_variablesTitle')}</h2>
          {series.map((s) => (
            <VariableChart key={s.id} label={s.label} points={s.points} />
          ))}
        </section>
      ) : null}
      <section aria-labelledby={`${id}-timeline`}>
        <h2 id={`${id}-timeline`}>{t('review_timelineTitle')}</h2>
        <ol className="review-timeline">
          {final.timeline.map((entry) => (
            <li key={`${entry.seq}-${entry.kind}`}>
              <span className="exercise-time">{clockText(entry.atMs)}</span> {timelineText(view, entry, l, t)}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby={`${id}-refused`}>
        <h2 id={`${id}-refused`}>{t('review_refusedTitle', { count: refused.length })}</h2>
        {refused.length === 0 ? <p>{t('review_noneRefused')}</p> : null}
        <ul>
          {refused.map((entry) => (
            <li key={entry.seq}>
              {t('review_refusedLine', {
                who: entry.actor
                  ? t('review_who', { name: entry.actor.name, role: roleLabel(exercise, entry.actor.role, l, t) })
                  : t('review_clock'),
                what: commandText(exercise, entry.command, l, t),
                reason: entry.reason ?? entry.code ?? '',
              })}
            </li>
          ))}
        </ul>
      </section>
      <p className="review-generated">{t('review_generated', { time: formatDateTime(generated, locale) })}</p>
    </main>
  );
}
