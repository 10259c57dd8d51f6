// Reports where a class member is to their trainer: a heartbeat every 15 s while the page is open,
// plus one at once whenever the step, the score or the attempt's status changes. Stops by itself
// when the class ends (the heartbeat's answer says so) or the learner leaves it.
import { useEffect } from 'react';
import type { AttemptMode } from '../engine/attempt-actions.ts';
import type { AttemptState } from '../engine/attempt-state.ts';
import { playOf, type PlaySource } from '../engine/attempt-play.ts';
import type { AttemptStore } from '../engine/attempt-store.ts';
import { useClientServices } from './client-context.ts';
import { sendGone, useClassMembership } from './class-membership.ts';
import { HEARTBEAT_MS, type ClassProgressReport } from '../contracts/class-types.ts';

export interface PlayedAttempt {
  /** The course file (practice) or the public view and its grader (an assessment). */
  readonly course: PlaySource;
  readonly attempt: AttemptStore;
  readonly mode: AttemptMode;
}

/**
 * Where the learner is in `course`. In an assessment the browser holds the public view (no points),
 * so no score is sent: the server adds its own grading of the attempt.
 */
export function progressReport(source: PlaySource, state: AttemptState, mode: AttemptMode): ClassProgressReport {
  const { course, grader } = playOf(source);
  const finished = state.status === 'finished';
  const scene = finished ? undefined : course.scenes[state.sceneIndex];
  const step = scene?.steps[state.stepIndex];
  const practice = mode === 'practice';
  return {
    courseId: course.id,
    courseTitle: course.title,
    mode,
    attemptId: state.attemptId,
    sceneId: scene?.id ?? null,
    sceneTitle: scene?.title ?? null,
    stepId: step?.id ?? null,
    stepTitle: step?.title ?? null,
    stepsDone: state.records.length,
    stepCount: course.scenes.reduce((total, s) => total + s.steps.length, 0),
    finished,
    score: practice ? Math.round(state.records.reduce((total, record) => total + record.result.score, 0) * 100) / 100 : null,
    max: practice
      ? course.scenes.reduce((sum, scene) => sum + scene.steps.reduce((s, step) => s + grader.maxPoints(scene.id, step), 0), 0)
      : null,
  };
}

/** Heartbeats (with progress when `played` is given) while the signed-in learner is in an open class. */
export function useClassReporting(played: PlayedAttempt | null): void {
  const membership = useClassMembership();
  const classId = membership?.status === 'open' ? membership.classId : null;
  const { refreshMembership, sendHeartbeat } = useClientServices().classMembership;
  useEffect(() => {
    // The class may have ended while this device was away: ask once.
    void refreshMembership();
  }, [refreshMembership]);
  const course = played?.course ?? null;
  const attempt = played?.attempt ?? null;
  const mode = played?.mode ?? 'practice';
  useEffect(() => {
    if (classId === null) return;
    let sent = '';
    const report = (always: boolean) => {
      const progress =
        course && attempt && attempt.getState().attemptId !== '' ? progressReport(course, attempt.getState(), mode) : null;
      const key = JSON.stringify(progress);
      if (!always && key === sent) return;
      sent = key;
      void sendHeartbeat(classId, progress);
    };
    report(true);
    // Every action changes the store; only a change of step, score or status is sent at once.
    const unsubscribe = attempt?.subscribe(() => report(false));
    const timer = setInterval(() => report(true), HEARTBEAT_MS);
    const onHide = () => sendGone(classId);
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) report(true);
    };
    window.addEventListener('pagehide', onHide);
    window.addEventListener('pageshow', onShow);
    return () => {
      unsubscribe?.();
      clearInterval(timer);
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('pageshow', onShow);
    };
  }, [classId, course, attempt, mode, sendHeartbeat]);
}
