// Plays one course: loads it, resumes or starts the attempt, and shows the 3D scene beside the
// DOM task panel, then the results.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { courseLoaders } from 'virtual:shixun/catalog';
import { clearAttemptLog, loadAttemptLog, saveAttemptLog } from '../app/attempt-persistence.ts';
import { testHook } from '../app/test-hook.ts';
import type { Course } from '../course/schema.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { createAttemptStore, type AttemptStore } from '../engine/attempt-store.ts';
import { createFocusStore } from '../scenes/interaction/focus-store.ts';
import { SceneView } from '../scenes/scene-view.tsx';
import { getXRStore } from '../xr/xr-store.ts';
import { useT } from './i18n.ts';
import { createPlayUiStore, PlayContext, usePlay, usePlayUi, type PlayContextValue } from './play-context.tsx';
import { ResultsPage } from './results-page.tsx';
import { TaskPanel } from './task-panel.tsx';
import { TimedDeadline } from './timed-step.tsx';

function newAttempt(course: Course, resume: boolean, preview: boolean): AttemptStore {
  const log = resume && !preview ? loadAttemptLog(course) : undefined;
  const store = createAttemptStore({
    course,
    ...(log && { log }),
    // A preview is a course author's look at one scene: it never touches the saved attempt.
    ...(!preview && { onLog: (l: readonly AttemptAction[]) => saveAttemptLog(course, l, store.getState().status === 'finished' ? 'finished' : 'in-progress') }),
    ...(import.meta.env.MODE === 'e2e' && { onEvent: (e) => testHook().events.push(e) }),
  });
  if (store.getState().status === 'not-started') store.getState().actions.start('practice');
  return store;
}

/** The course cut down to one scene, for the preview deep link ?course=<id>&scene=<id>. */
function previewCourse(course: Course, sceneId: string): Course | string {
  const scene = course.scenes.find((s) => s.id === sceneId);
  if (!scene) return `no scene "${sceneId}" in ${course.id} (scenes: ${course.scenes.map((s) => s.id).join(', ')})`;
  return { ...course, scenes: [scene] };
}

export function PlayPage({ courseId, previewScene, onBack }: { courseId: string; previewScene: string | null; onBack: () => void }) {
  const { t } = useT();
  const [course, setCourse] = useState<Course | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState(0);

  useEffect(() => {
    const load = courseLoaders[courseId];
    if (!load) {
      setError(`no course "${courseId}"`);
      return;
    }
    load().then(
      (full) => {
        const picked = previewScene ? previewCourse(full, previewScene) : full;
        if (typeof picked === 'string') setError(picked);
        else setCourse(picked);
      },
      (e: unknown) => setError(String(e)),
    );
  }, [courseId, previewScene]);

  const value = useMemo<PlayContextValue | null>(() => {
    if (!course) return null;
    const attempt = newAttempt(course, run === 0, previewScene !== null);
    if (import.meta.env.MODE === 'e2e') {
      const hook = testHook();
      hook.attempt = attempt;
      void import('../app/test-autoplay.ts').then((m) => (hook.skipStep = () => m.completeCurrentStep(course, attempt)));
    }
    return { course, attempt, ui: createPlayUiStore() };
  }, [course, run, previewScene]);
  const focus = useMemo(createFocusStore, []);

  if (error) return <main id="main" className="error">{t('loadFailed', { message: error })}</main>;
  if (!value) return <main id="main" aria-busy="true">{t('loading')}</main>;
  const restart = () => {
    clearAttemptLog(value.course);
    setRun((r) => r + 1);
  };
  return (
    <PlayContext.Provider value={value}>
      <PlayBody focus={focus} onRestart={restart} onBack={onBack} preview={previewScene !== null} />
    </PlayContext.Provider>
  );
}

function PlayBody({ focus, onRestart, onBack, preview }: { focus: ReturnType<typeof createFocusStore>; onRestart: () => void; onBack: () => void; preview: boolean }) {
  const { attempt } = usePlay();
  const status = useStore(attempt, (s) => s.status);
  if (status === 'finished') return <ResultsPage onRestart={onRestart} onBack={onBack} />;
  return (
    <main className="play" id="main">
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
      {preview && <p className="badge" data-testid="preview-badge">{t('previewMode')}</p>}
      {vr ? (
        <button type="button" data-action="enter-vr" onClick={() => void getXRStore().enterVR()}>
          {t('enterVR')}
        </button>
      ) : (
        vr === false && <p className="hint">{t('vrUnavailable')}</p>
      )}
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
