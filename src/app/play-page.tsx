// Plays one course: loads it, resumes or starts the attempt, and shows the 3D scene beside the
// DOM task panel, then the results.
//
// Practice (?course=<id>) loads the full course, answer keys included, and grades in the browser:
// practice is open-book, so the keys may as well be there. An assessment (?course=<id>&mode=
// assessment) loads only the course's public view and plays it as it is, with a grader that only
// records: the answer keys never reach the browser, every action goes to the outbox and the server
// grades it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { catalog, fullCourseLoaders, publicCourseLoaders } from 'virtual:shixun/catalog';
import { api, ApiError } from '../client/api.ts';
import { useClientServices } from '../client/client-context.ts';
import type { ClientServices } from '../client/client-services.ts';
import { useClassReporting } from '../client/class-reporting.ts';
import { hrefFor, currentPath, followLink } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import { testHook } from '../testing/test-hook.ts';
import type { Course, Locale } from '../course/schema.ts';
import { hasTimedSteps } from '../course/summary.ts';
import type { AttemptAction, AttemptMode } from '../engine/attempt-actions.ts';
import { recordedOnly, type AttemptPlay, type PlaySource } from '../engine/attempt-play.ts';
import { drawCourse, hasDrawnSteps } from '../engine/draw.ts';
import type { PlayedCourse } from '../engine/public-view.ts';
import { withExtraTime } from '../engine/extra-time.ts';
import { createAttemptStore, type AttemptStore } from '../engine/attempt-store.ts';
import { createFocusStore } from '../scenes/interaction/focus-store.ts';
import { SceneView } from '../scenes/scene-view.tsx';
import { getXRStore } from '../xr/xr-store.ts';
import { ClassHelp } from '../ui/class-help.tsx';
import { ComfortSettingsButton } from '../ui/comfort-settings-panel.tsx';
import { useT } from '../i18n/i18n.ts';
import { usePageTitle } from '../ui/page-title.ts';
import { createPlayUiStore, PlayContext, usePlay, usePlayUi, type PlayContextValue } from '../play/play-context.tsx';
import { ResultsPage } from '../ui/results-page.tsx';
import { TaskPanel } from '../ui/task-panel.tsx';
import { TimedDeadline } from '../play/timed-step.tsx';
import type { LearningEvent } from '../engine/learning-events.ts';
import { isoDuration } from '../records/statements.ts';
import { exitCmi5, useCmi5Launch } from './cmi5-launch.ts';

/** The attempt mode the URL asks for: ?mode=assessment, else practice. */
export function attemptModeFromUrl(search: string = location.search): AttemptMode {
  return new URLSearchParams(search).get('mode') === 'assessment' ? 'assessment' : 'practice';
}

/** The course the screens show: the course file itself, or the public view an assessment plays. */
const shownCourse = (source: PlaySource) => ('grader' in source ? source.course : source);

function newAttempt(
  { attempts, sync }: ClientServices,
  source: PlaySource,
  mode: AttemptMode,
  resume: boolean,
  preview: boolean,
  locale: () => Locale,
  attemptId?: string,
  onEvent?: (event: LearningEvent) => void,
): AttemptStore {
  const course = shownCourse(source);
  // Practice statements describe the course file's steps; an assessment sends none.
  const practiceCourse = 'grader' in source ? null : source;
  const log = resume && !preview ? attempts.loadAttemptLog(source, mode) : undefined;
  // Practice statements a closed tab never queued are queued now, before new ones follow.
  if (log && practiceCourse && mode === 'practice') sync.reconcilePracticeLog(practiceCourse, log, locale());
  const store = createAttemptStore({
    course: source,
    ...(log && { log }),
    ...(attemptId !== undefined && { newId: () => attemptId }),
    // A preview is a course author's look at one scene: it never touches the saved attempt.
    ...(!preview && {
      onLog: (l: readonly AttemptAction[]) => {
        // The outbox first, then anything else.
        if (mode === 'assessment') sync.queueAssessmentLog(l);
        attempts.saveAttemptLog(course, l, store.getState().status === 'finished' ? 'finished' : 'in-progress', mode);
      },
    }),
    onEvent: (e) => {
      if (!preview && practiceCourse && mode === 'practice') sync.queuePracticeEvent(practiceCourse, e, locale());
      onEvent?.(e);
      if (import.meta.env.MODE === 'e2e') testHook().events.push(e);
    },
  });
  if (store.getState().status === 'not-started') store.getState().actions.start(mode);
  return store;
}

/**
 * Whether a new assessment must not start here: it has a timed step, which the server times on
 * its own clock, and the server cannot be reached. A saved attempt resumes whatever the network.
 */
async function timedStartOffline(client: ClientServices, source: PlaySource): Promise<boolean> {
  const course = shownCourse(source);
  if (!hasTimedSteps(course) || client.attempts.attemptStatus(course, 'assessment') !== 'none') return false;
  if (navigator.onLine === false) return true;
  try {
    await api('assessments.allowance', { params: { id: course.id } });
    return false;
  } catch (caught) {
    // Any answer from the server means it is there (it judges the start itself); no answer means offline.
    return !(caught instanceof ApiError);
  }
}

/** The course cut down to one scene, for the preview deep link ?course=<id>&scene=<id>. */
function previewCourse(course: Course, sceneId: string): Course | string {
  const scene = course.scenes.find((s) => s.id === sceneId);
  if (!scene) return `no scene "${sceneId}" in ${course.id} (scenes: ${course.scenes.map((s) => s.id).join(', ')})`;
  return { ...course, scenes: [scene] };
}

/** The saved assessment attempt's id, if there is one to resume that still replays. */
function resumableAssessment({ attempts }: ClientServices, source: AttemptPlay): string | null {
  const start = attempts.savedAttemptLog(source.course, 'assessment')?.[0];
  if (start?.kind !== 'start') return null;
  // A saved log that no longer replays is dropped, and its id with it.
  const play = { ...source, course: drawCourse(source.course, start.attemptId) };
  return attempts.loadAttemptLog(play, 'assessment') ? start.attemptId : null;
}

/**
 * The id a new assessment attempt starts with: the attempt ticket the server issues (asked for now
 * when online, else the one kept from an earlier visit), as the server accepts no other for a course
 * with drawn steps. Another course may start with an id of its own when no ticket can be had. null:
 * the course draws steps and this device holds no ticket, so the attempt cannot start here now.
 */
async function newAssessmentId({ tickets }: ClientServices, course: PlayedCourse): Promise<string | null> {
  const online = navigator.onLine !== false ? await tickets.fetchTicket(course.id) : null;
  const ticket = online ?? tickets.ticketFor(course.id);
  if (ticket) return ticket.attemptId;
  return hasDrawnSteps(course) ? null : crypto.randomUUID();
}

/**
 * An assessment plays its public view as its attempt draws it (src/engine/draw.ts): the saved
 * attempt's id on a resume, else the new attempt's id (its ticket), which the start action then
 * carries, so the server grades the same draw. null for practice, which plays the course file
 * open-book; 'waiting' while a new attempt has no id yet.
 */
function drawnAssessment(
  client: ClientServices,
  source: PlaySource,
  mode: AttemptMode,
  resume: boolean,
  newId: string | null,
): { play: PlaySource; attemptId: string; resumed: boolean } | 'waiting' | null {
  if (mode !== 'assessment' || !('grader' in source)) return null;
  const drawn = (attemptId: string, resumed: boolean) => ({
    play: { ...source, course: drawCourse(source.course, attemptId) },
    attemptId,
    resumed,
  });
  const resumed = resume ? resumableAssessment(client, source) : null;
  if (resumed !== null) return drawn(resumed, true);
  return newId === null ? 'waiting' : drawn(newId, false);
}

/** The course played with the learner's extra time on its timed steps (src/engine/extra-time.ts). */
function withExtraTimePlay(source: PlaySource, factor: number): PlaySource {
  if (factor === 1) return source;
  return 'grader' in source ? { ...source, course: withExtraTime(source.course, factor) } : withExtraTime(source, factor);
}

/** Loads what the mode may see: the full course for practice, the public view (graded by the server) for an assessment. */
function loadCourse(courseId: string, mode: AttemptMode): Promise<PlaySource> | null {
  if (mode === 'assessment') {
    const load = publicCourseLoaders[courseId];
    return load ? load().then(recordedOnly) : null;
  }
  const load = fullCourseLoaders[courseId];
  return load ? load() : null;
}

export function PlayPage({
  courseId,
  previewScene,
  onBack,
}: {
  courseId: string;
  previewScene: string | null;
  onBack: () => void;
}) {
  const { t, l, locale } = useT();
  // An LMS's cmi5 launch plays practice: the LMS hears the browser's judgement (docs/cmi5.md).
  const cmi5 = useCmi5Launch();
  const cmi5Session = cmi5.kind === 'ready' ? cmi5.session : null;
  // A preview is always practice: it grades locally and saves nothing.
  const [mode] = useState<AttemptMode>(() => (previewScene === null && cmi5.kind === 'none' ? attemptModeFromUrl() : 'practice'));
  // An assessment is recorded under the signed-in learner (a remembered one will do offline).
  const mayPlay = useSession((s) => mode === 'practice' || s.user !== null);
  const client = useClientServices();
  const [source, setSource] = useState<PlaySource | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offlineTimed, setOfflineTimed] = useState(false);
  const [run, setRun] = useState(0);
  // The id of the run's new assessment attempt (its ticket), once it is known.
  const [startId, setStartId] = useState<{ run: number; id: string } | null>(null);
  const [needsTicket, setNeedsTicket] = useState(false);
  // Statements carry the language the learner uses when each event happens.
  const localeRef = useRef(locale);
  useEffect(() => {
    localeRef.current = locale;
  }, [locale]);

  useEffect(() => {
    if (!mayPlay) return;
    const loading = loadCourse(courseId, mode);
    if (!loading) {
      setError(`no course "${courseId}"`);
      return;
    }
    let live = true;
    loading.then(
      async (loaded) => {
        // A preview is practice, so it has the course file.
        const picked = previewScene && !('grader' in loaded) ? previewCourse(loaded, previewScene) : loaded;
        if (typeof picked === 'string') return setError(picked);
        const refuse = mode === 'assessment' && (await timedStartOffline(client, picked));
        if (!live) return;
        if (refuse) setOfflineTimed(true);
        else setSource(picked);
      },
      (e: unknown) => setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [courseId, previewScene, mode, mayPlay, client]);

  // A new assessment attempt (not a resume) needs its id before it starts: its ticket.
  useEffect(() => {
    if (!source || mode !== 'assessment' || !('grader' in source) || startId?.run === run) return;
    if (run === 0 && resumableAssessment(client, source) !== null) return;
    let live = true;
    void newAssessmentId(client, source.course).then((id) => {
      if (!live) return;
      if (id === null) setNeedsTicket(true);
      else setStartId({ run, id });
    });
    return () => {
      live = false;
    };
  }, [client, source, mode, run, startId]);

  // The learner's extra time on timed steps, as the session says (the server grades an assessment
  // with the factor it holds when the attempt starts).
  const extraTime = useSession((s) => s.user?.extraTime ?? 1);
  const waitingForLms = cmi5.kind === 'starting';
  const value = useMemo<PlayContextValue | null>(() => {
    if (!source || waitingForLms) return null;
    // A cmi5 launch starts a new attempt: the LMS's registration hears this one from its start.
    const resume = run === 0 && cmi5Session === null;
    const drawn = drawnAssessment(client, source, mode, resume, startId?.run === run ? startId.id : null);
    if (drawn === 'waiting') return null;
    const played = withExtraTimePlay(drawn?.play ?? source, extraTime);
    const course = shownCourse(played);
    const toLms = cmi5Session
      ? (e: LearningEvent) => {
          if (e.type !== 'attempt-finished') return;
          const outcome = { scaled: e.scaled, raw: e.score, max: e.max, duration: isoDuration(e.durationMs) };
          void cmi5Session.finish(outcome, course.masteryScore).catch(() => undefined);
        }
      : undefined;
    const attempt = newAttempt(
      client,
      played,
      mode,
      resume,
      previewScene !== null,
      () => localeRef.current,
      drawn?.attemptId,
      toLms,
    );
    // The ticket is taken: this device never starts another attempt with it.
    if (drawn && !drawn.resumed) client.tickets.markUsed(course.id, drawn.attemptId);
    if (import.meta.env.MODE === 'e2e') {
      const hook = testHook();
      hook.attempt = attempt;
      void import('../testing/test-autoplay.ts').then((m) => (hook.skipStep = () => m.completeCurrentStep(course, attempt)));
    }
    return { course, play: played, attempt, ui: createPlayUiStore(), mode };
  }, [client, source, run, previewScene, mode, extraTime, waitingForLms, cmi5Session, startId]);
  const focus = useMemo(createFocusStore, []);

  if (!mayPlay) {
    return (
      <main id="main" className="sign-in-needed">
        <p>{t('assessment_needsSignIn')}</p>
        <a className="button primary" href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
          {t('assessment_signIn')}
        </a>
      </main>
    );
  }
  if (offlineTimed)
    return (
      <main id="main" className="timed-offline">
        <h1>{l(catalog.find((entry) => entry.id === courseId)?.title ?? { 'zh-CN': courseId, en: courseId })}</h1>
        <p role="alert" data-testid="timed-offline">
          {t('assessment_timedOffline')}
        </p>
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
      </main>
    );
  if (needsTicket)
    return (
      <main id="main" className="ticket-needed">
        <h1>{l(catalog.find((entry) => entry.id === courseId)?.title ?? { 'zh-CN': courseId, en: courseId })}</h1>
        <p role="alert" data-testid="ticket-needed">
          {t('assessment_needsTicket')}
        </p>
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
      </main>
    );
  const failure = error ?? (cmi5.kind === 'failed' ? cmi5.message : null);
  if (failure)
    return (
      <main id="main" className="error">
        {t('loadFailed', { message: failure })}
      </main>
    );
  if (!value)
    return (
      <main id="main" aria-busy="true">
        {t('loading')}
      </main>
    );
  const restart = () => {
    client.attempts.clearAttemptLog(value.course, value.mode);
    setRun((r) => r + 1);
  };
  return (
    <PlayContext.Provider value={value}>
      <PlayBody
        focus={focus}
        onRestart={restart}
        onBack={cmi5Session ? () => exitCmi5(cmi5Session, onBack) : onBack}
        preview={previewScene !== null}
      />
    </PlayContext.Provider>
  );
}

function PlayBody({
  focus,
  onRestart,
  onBack,
  preview,
}: {
  focus: ReturnType<typeof createFocusStore>;
  onRestart: () => void;
  onBack: () => void;
  preview: boolean;
}) {
  const { l } = useT();
  const { attempt, course, play, mode } = usePlay();
  const status = useStore(attempt, (s) => s.status);
  const { tickets } = useClientServices();
  // An assessment finished: the ticket of the next one is fetched while the network is there.
  useEffect(() => {
    if (status === 'finished' && mode === 'assessment' && !preview) void tickets.prefetch([course.id]);
  }, [status, mode, preview, tickets, course.id]);
  // A class member's trainer sees this attempt live; a preview is no one's attempt.
  useClassReporting(preview ? null : { course: play, attempt, mode });
  // The results page names the tab itself.
  usePageTitle(status === 'finished' ? null : l(course.title));
  if (status === 'finished') return <ResultsPage onRestart={onRestart} onBack={onBack} />;
  return (
    <main className="play" id="main">
      {/* The page's one top heading: the canvas shows the course, the panel's h2 names the scene. */}
      <h1 className="visually-hidden">{l(course.title)}</h1>
      <SceneView focus={focus} />
      <TaskPanel toolbar={<PlayToolbar preview={preview} />} />
      <TimedDeadline />
    </main>
  );
}

function PlayToolbar({ preview }: { preview: boolean }) {
  const { t, l } = useT();
  const { course, attempt, ui } = usePlay();
  const sceneIndex = useStore(attempt, (s) => s.sceneIndex);
  const stationId = usePlayUi((s) => s.stationId);
  const [vr, setVr] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void (navigator.xr?.isSessionSupported('immersive-vr') ?? Promise.resolve(false)).then(
      (ok) => live && setVr(ok),
      () => live && setVr(false),
    );
    return () => {
      live = false;
    };
  }, []);
  const stations = course.scenes[sceneIndex]?.stations ?? [];
  return (
    <div className="toolbar">
      {preview && (
        <p className="badge" data-testid="preview-badge">
          {t('previewMode')}
        </p>
      )}
      {!preview && <ClassHelp />}
      {vr ? (
        <button type="button" data-action="enter-vr" onClick={() => void getXRStore().enterVR()}>
          {t('enterVR')}
        </button>
      ) : (
        vr === false && <p className="hint">{t('vrUnavailable')}</p>
      )}
      <ComfortSettingsButton />
      {stations.length > 1 && (
        <nav aria-label={t('stations')} className="stations">
          {stations.map((s) => (
            <button type="button" key={s.id} aria-pressed={stationId === s.id} onClick={() => ui.setState({ stationId: s.id })}>
              {l(s.label)}
            </button>
          ))}
        </nav>
      )}
    </div>
  );
}
