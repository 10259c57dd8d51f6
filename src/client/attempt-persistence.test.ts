// Practice and assessment attempts of one course are saved apart: a resume never mixes them.
import { describe, expect, it } from 'vitest';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { createAttemptStore } from '../engine/attempt-store.ts';
import { loadMiniCourse, MINI_PASSING, playResponses } from '../engine/test-course.ts';
import { createAttemptPersistence } from './attempt-persistence.ts';
import { createSession } from './session.ts';
import { createMemoryStorage } from './storage.ts';

const course = loadMiniCourse();
// A fresh device: its own storage and session, nobody signed in.
const storage = createMemoryStorage();
const sessionStore = createSession(storage).store;
const { attemptStatus, clearAttemptLog, loadAttemptLog, saveAttemptLog, savedAttemptLog } = createAttemptPersistence(
  storage,
  sessionStore,
);

function played(mode: 'practice' | 'assessment', steps: number): readonly AttemptAction[] {
  let t = 0;
  const store = createAttemptStore({ course, now: () => (t += 1_000), newId: () => `${mode}-attempt` });
  store.getState().actions.start(mode);
  playResponses(store, MINI_PASSING.slice(0, steps));
  return store.getState().log;
}

describe('attempt persistence', () => {
  it('keeps a practice and an assessment attempt of the same course apart', () => {
    const practice = played('practice', 2);
    const assessment = played('assessment', 1);
    saveAttemptLog(course, practice, 'in-progress', 'practice');
    saveAttemptLog(course, assessment, 'finished', 'assessment');
    expect(loadAttemptLog(course, 'practice')).toEqual(practice);
    expect(loadAttemptLog(course, 'assessment')).toEqual(assessment);
    expect([attemptStatus(course, 'practice'), attemptStatus(course, 'assessment')]).toEqual(['in-progress', 'finished']);
    clearAttemptLog(course, 'practice');
    expect(loadAttemptLog(course, 'practice')).toBeUndefined();
    expect(savedAttemptLog(course, 'assessment')).toEqual(assessment);
    clearAttemptLog(course, 'assessment');
    expect(attemptStatus(course, 'assessment')).toBe('none');
  });

  it('discards a log of the other mode found under a key, rather than resume it', () => {
    saveAttemptLog(course, played('practice', 1), 'in-progress', 'assessment');
    expect(loadAttemptLog(course, 'assessment')).toBeUndefined();
    expect(savedAttemptLog(course, 'assessment')).toBeUndefined();
  });

  it("keeps each signed-in learner's attempts to themselves on a shared device", () => {
    const as = (username: string | null) =>
      sessionStore.setState({
        status: username ? 'signed-in' : 'signed-out',
        user: username
          ? { id: username, username, name: username, role: 'learner', employeeId: null, department: null, rank: null }
          : null,
        agent: null,
      });
    const mine = played('assessment', 2);
    as('learner-a');
    saveAttemptLog(course, mine, 'in-progress', 'assessment');
    expect(attemptStatus(course, 'assessment')).toBe('in-progress');
    as('learner-b');
    expect(attemptStatus(course, 'assessment')).toBe('none');
    expect(loadAttemptLog(course, 'assessment')).toBeUndefined();
    as(null);
    expect(savedAttemptLog(course, 'assessment')).toBeUndefined();
    as('learner-a');
    expect(loadAttemptLog(course, 'assessment')).toEqual(mine);
    clearAttemptLog(course, 'assessment');
    as(null);
  });
});
