import { describe, expect, it } from 'vitest';
import { validateStatement } from '../../server/xapi/validate/statement.ts';
import { createAttemptStore } from '../engine/attempt-store.ts';
import { deriveEvents } from '../engine/learning-events.ts';
import type { StepResponse } from '../engine/responses.ts';
import { loadMiniCourse, MINI_PASSING, playResponses } from '../engine/test-course.ts';
import { isoDuration, statementId, statementsForEvents, VERBS, type StatementContext } from './statements.ts';

const course = loadMiniCourse();
const ATTEMPT = '3f2b8c1e-5d4a-4e2f-9a7b-1c2d3e4f5a6b';
const ctx: StatementContext = {
  course,
  actor: { objectType: 'Agent', name: '学员甲', account: { homePage: 'https://id.shixun.local', name: 'learner-0001' } },
  mode: 'practice',
  locale: 'zh-CN',
};

function playedLog(responses: StepResponse[]) {
  let t = Date.UTC(2026, 10, 27, 1, 0, 0);
  const store = createAttemptStore({ course, now: () => (t += 7_250), newId: () => ATTEMPT });
  playResponses(store, responses);
  return store.getState().log;
}

const passing = MINI_PASSING;

describe('learning events → xAPI statements', () => {
  const statements = statementsForEvents(ctx, deriveEvents(course, playedLog(passing)));

  it('writes statements the xAPI 2.0 validator accepts', () => {
    for (const s of statements)
      expect(validateStatement(JSON.parse(JSON.stringify(s)), 'statement', '2.0'), s.verb.display['en-US']).toEqual([]);
  });

  it('uses the vocabulary: launched, initialized, answered and completed per step, completed per scene, then completed, passed, terminated', () => {
    const verbs = statements.map((s) => s.verb.display['en-US']);
    expect(verbs.slice(0, 2)).toEqual(['launched', 'initialized']);
    expect(verbs.filter((v) => v === 'answered')).toHaveLength(5);
    expect(verbs.slice(-3)).toEqual(['completed', 'passed', 'terminated']);
    expect(statements.at(-2)).toMatchObject({
      verb: VERBS.passed,
      result: { success: true, score: { raw: 22, max: 22, scaled: 1 } },
    });
  });

  it('gives stable activity IRIs, the attempt as registration and the course version in context', () => {
    const answered = statements.find((s) => s.verb === VERBS.answered)!;
    expect(answered.object.id).toBe('https://id.shixun.local/xapi/courses/mini/scenes/desk/steps/hunt');
    expect(answered.context).toMatchObject({
      registration: ATTEMPT,
      revision: '1.0.0',
      contextActivities: { parent: [{ id: 'https://id.shixun.local/xapi/courses/mini/scenes/desk' }] },
    });
    expect(JSON.parse(answered.result!.response!)).toEqual(passing[0]);
    const classify = statements.find((s) => s.object.definition.interactionType === 'matching')!;
    expect(classify.object.definition.source?.map((s) => s.id)).toEqual(['faq', 'grid']);
  });

  it('derives the same unique ids every time, so a retry is the same statement', () => {
    const again = statementsForEvents(ctx, deriveEvents(course, playedLog(passing)));
    expect(again.map((s) => s.id)).toEqual(statements.map((s) => s.id));
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
    for (const s of statements) expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(statementId(ATTEMPT, 0)).not.toBe(statementId(ATTEMPT, 1));
  });

  it('never sends answer keys or feedback', () => {
    const text = JSON.stringify(statements);
    expect(text).not.toContain('correctResponsesPattern');
    expect(text).not.toContain('Right.');
    expect(text).not.toContain('正确。');
  });

  it('records a fail with failed, and durations in ISO 8601', () => {
    const failing = statementsForEvents(
      ctx,
      deriveEvents(
        course,
        playedLog([
          { type: 'inspect', found: {} },
          { type: 'choice', selected: ['none'] },
          { type: 'classify', placements: { faq: 'important', grid: 'general' } },
          { type: 'sequence', order: ['publish', 'mask', 'assess'] },
          { type: 'dialogue', path: ['allow'] },
        ]),
      ),
    );
    expect(failing.at(-2)).toMatchObject({ verb: VERBS.failed, result: { success: false } });
    expect(isoDuration(7_250)).toBe('PT7.25S');
    expect(isoDuration(3_725_000)).toBe('PT1H2M5S');
  });
});
