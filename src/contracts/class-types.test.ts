import { describe, expect, it } from 'vitest';
import { heartbeatRequestSchema } from './class-types.ts';

const progress = {
  courseId: 'fire-safety',
  courseTitle: { 'zh-CN': '消防安全', en: 'Fire safety' },
  mode: 'practice',
  attemptId: 'a-1',
  sceneId: 'lobby',
  sceneTitle: { 'zh-CN': '大厅', en: 'Lobby' },
  stepId: 'alarm',
  stepTitle: { 'zh-CN': '报警', en: 'Alarm' },
  stepsDone: 2,
  stepCount: 5,
  finished: false,
  score: 3,
  max: 10,
};

function reason(body: unknown): string | undefined {
  return heartbeatRequestSchema.safeParse(body).error?.issues[0]?.message;
}

describe('the heartbeat request schema', () => {
  it('takes an empty heartbeat, a closing one and one with progress, absent titles read as null', () => {
    expect(heartbeatRequestSchema.parse({})).toEqual({});
    expect(heartbeatRequestSchema.parse({ gone: true }).gone).toBe(true);
    const { sceneTitle: _sceneTitle, ...withoutTitle } = progress;
    expect(heartbeatRequestSchema.parse({ progress: withoutTitle }).progress?.sceneTitle).toBeNull();
  });

  it('gives the reasons the classes API has always given, naming the field', () => {
    expect(reason({ progress: { ...progress, stepsDone: 6 } })).toBe(
      'progress.stepsDone (6) cannot exceed progress.stepCount (5).',
    );
    expect(reason({ progress: { ...progress, answers: [] } })).toMatch(
      /^progress has unknown field\(s\) answers; it takes courseId, /,
    );
    expect(reason({ progress: { ...progress, mode: 'exam' } })).toBe('progress.mode must be "practice" or "assessment".');
    expect(reason({ progress: { ...progress, courseTitle: { 'zh-CN': '', en: 'x' } } })).toBe(
      'progress.courseTitle.zh-CN must be text of 1 to 300 characters.',
    );
    expect(reason({ progress: { ...progress, stepCount: 1.5 } })).toBe(
      'progress.stepCount must be a whole number from 0 to 100000.',
    );
    expect(reason({ gone: 'yes' })).toBe('gone must be true or false.');
  });
});
