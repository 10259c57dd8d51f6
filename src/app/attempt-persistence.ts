// Saves each course's attempt log locally so a reload, a crash or a closed tab resumes the attempt
// at the same step. The key includes the course version: a log never replays on another version.
import type { Course } from '../course/schema.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { replayAttempt } from '../engine/attempt-reducer.ts';
import { storage } from './storage.ts';

const key = (course: Pick<Course, 'id' | 'version'>) => `shixun.attempt.${course.id}@${course.version}`;

export function loadAttemptLog(course: Course): readonly AttemptAction[] | undefined {
  const raw = storage.get(key(course));
  if (!raw) return undefined;
  try {
    const log = JSON.parse(raw) as AttemptAction[];
    replayAttempt(course, log); // throws if the log does not fit this course
    return log;
  } catch (error) {
    console.warn(`Discarding a saved attempt for ${course.id} that no longer replays:`, error);
    clearAttemptLog(course);
    return undefined;
  }
}

export type SavedStatus = 'none' | 'in-progress' | 'finished';

export function saveAttemptLog(course: Course, log: readonly AttemptAction[], status: Exclude<SavedStatus, 'none'>): void {
  storage.set(key(course), JSON.stringify(log));
  storage.set(`${key(course)}.status`, status);
}

export function clearAttemptLog(course: Pick<Course, 'id' | 'version'>): void {
  storage.remove(key(course));
  storage.remove(`${key(course)}.status`);
}

export function attemptStatus(course: Pick<Course, 'id' | 'version'>): SavedStatus {
  const status = storage.get(`${key(course)}.status`);
  return status === 'in-progress' || status === 'finished' ? status : 'none';
}
