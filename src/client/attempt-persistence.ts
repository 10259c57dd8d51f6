// Saves each course's attempt log locally so a reload, a crash or a closed tab resumes the attempt
// at the same step. The key includes the course version (a log never replays on another version)
// and the mode: practice and assessment attempts of a course are kept apart, so a resume never
// mixes them. The saved assessment log is also what the outbox is reconciled against at start.
// Saved attempts belong to whoever is signed in: on a shared headset, the next learner neither
// sees nor resumes the last one's attempt (an anonymous practice attempt has no owner).
import type { Course } from '../course/schema.ts';
import type { AttemptAction, AttemptMode } from '../engine/attempt-actions.ts';
import { playOf, type PlaySource } from '../engine/attempt-play.ts';
import { replayAttempt } from '../engine/attempt-reducer.ts';
import type { SessionStore } from './session.ts';
import type { KeyValueStorage } from './storage.ts';

type CourseRef = Pick<Course, 'id' | 'version'>;

export type SavedStatus = 'none' | 'in-progress' | 'finished';

/** The saved attempts in `storage`, each under whoever `session` says is signed in (made once, at start-up). */
export function createAttemptPersistence(storage: KeyValueStorage, session: SessionStore) {
  // Practice keeps the key it always had, so attempts saved before assessments existed still resume.
  const key = (course: CourseRef, mode: AttemptMode) => {
    const owner = session.getState().user?.username;
    return `shixun.${mode === 'practice' ? 'attempt' : 'assessment'}.${course.id}@${course.version}${owner === undefined ? '' : `~${encodeURIComponent(owner)}`}`;
  };

  /** The saved log as stored, without checking that it replays (no course needed). */
  const savedAttemptLog = (course: CourseRef, mode: AttemptMode): readonly AttemptAction[] | undefined => {
    const raw = storage.get(key(course, mode));
    if (!raw) return undefined;
    try {
      const log: unknown = JSON.parse(raw);
      return Array.isArray(log) && log.length > 0 ? (log as AttemptAction[]) : undefined;
    } catch {
      return undefined;
    }
  };

  /** The saved log, if it still replays on the course file (practice) or the public view and its grader (an assessment). */
  const loadAttemptLog = (source: PlaySource, mode: AttemptMode = 'practice'): readonly AttemptAction[] | undefined => {
    const { course } = playOf(source);
    const log = savedAttemptLog(course, mode);
    if (!log) return undefined;
    try {
      const state = replayAttempt(source, log); // throws if the log does not fit this course
      if (state.mode !== mode) throw new Error(`the saved log is a ${state.mode} attempt`);
      return log;
    } catch (error) {
      console.warn(`Discarding a saved ${mode} attempt for ${course.id} that no longer replays:`, error);
      clearAttemptLog(course, mode);
      return undefined;
    }
  };

  const saveAttemptLog = (
    course: CourseRef,
    log: readonly AttemptAction[],
    status: Exclude<SavedStatus, 'none'>,
    mode: AttemptMode = 'practice',
  ): void => {
    storage.set(key(course, mode), JSON.stringify(log));
    storage.set(`${key(course, mode)}.status`, status);
  };

  const clearAttemptLog = (course: CourseRef, mode: AttemptMode = 'practice'): void => {
    storage.remove(key(course, mode));
    storage.remove(`${key(course, mode)}.status`);
  };

  const attemptStatus = (course: CourseRef, mode: AttemptMode = 'practice'): SavedStatus => {
    const status = storage.get(`${key(course, mode)}.status`);
    return status === 'in-progress' || status === 'finished' ? status : 'none';
  };

  return { savedAttemptLog, loadAttemptLog, saveAttemptLog, clearAttemptLog, attemptStatus };
}

export type AttemptPersistence = ReturnType<typeof createAttemptPersistence>;
