import { describe, expect, it } from 'vitest';
import { judgeHonour, proposeHonour, proposeHonours, type HonourCandidate, type TeamResult } from './honours.ts';
import type { Honour, Policy } from './schema.ts';
import { evaluateStanding, type OfficialResult, type StandingLearner } from './standing.ts';

const label = (en: string) => ({ 'zh-CN': en, en });

/** data-security required of everyone, algorithm-ethics also of 大数据局; ethics passes last 6 months. */
const policy: Policy = {
  version: 'h-1',
  adopted: '2026-01-01',
  utcOffset: '+08:00',
  periods: [
    { id: '2025', label: label('2025'), start: '2025-01-01', end: '2025-12-31' },
    { id: '2026', label: label('2026'), start: '2026-01-01', end: '2026-12-31' },
  ],
  ranks: [{ name: '科员', label: label('Staff member') }],
  creditHoursByRank: { default: 2 },
  requiredCourses: [
    { label: label('Everyone'), courses: ['data-security'] },
    { label: label('Big Data Bureau'), courses: ['algorithm-ethics'], departments: ['大数据局'] },
  ],
  minimumScore: { default: 0.6 },
  retakes: 'best',
  recertification: { validMonths: { 'algorithm-ethics': 6 } },
};

const honour: Honour = {
  id: 'outstanding-trainee',
  label: label('Outstanding trainee'),
  conditions: { requiredCoursesMinimum: 0.9 },
  limit: { perDepartment: 2 },
};

let next = 0;
function result(courseId: string, scaled: number, finishedAt: string, passed = true): OfficialResult {
  next += 1;
  return {
    attemptId: `a${String(next).padStart(3, '0')}`,
    courseId,
    courseVersion: '1.0.0',
    creditHours: 2,
    scaled,
    passed,
    finishedAt,
  };
}

function team(score: number, max: number, finishedAt = '2026-05-01T02:00:00.000Z'): TeamResult {
  next += 1;
  return { resultId: `x${next}`, exerciseId: 'resident-data-leak', teamScore: score, teamMax: max, finishedAt };
}

function candidate(
  username: string,
  department: string | null,
  results: readonly OfficialResult[],
  extra: { teamResults?: TeamResult[]; correctedResults?: string[]; asOf?: number } = {},
): HonourCandidate {
  const learner: StandingLearner = { username, name: `Name ${username}`, department, rank: '科员', role: 'learner' };
  const options = extra.asOf === undefined ? {} : { asOf: extra.asOf };
  return {
    learner,
    standing: evaluateStanding(policy, '2026', learner, results, [], options),
    teamResults: extra.teamResults ?? [],
    correctedResults: extra.correctedResults ?? [],
  };
}

describe('judgeHonour: each rule', () => {
  it('every required course at or above the honour minimum: eligible, with one reason per course', () => {
    const judged = judgeHonour(
      honour,
      candidate('u1', '大数据局', [
        result('data-security', 0.95, '2026-03-01T02:00:00.000Z'),
        result('algorithm-ethics', 0.9, '2026-11-01T02:00:00.000Z'),
      ]),
    );
    expect(judged).toMatchObject({ eligible: true, completedAt: '2026-11-01T02:00:00.000Z' });
    if (!judged.eligible) return;
    expect(judged.meanScore).toBeCloseTo(0.925);
    expect(judged.reasons.map((r) => r.kind === 'course' && [r.courseId, r.scaled])).toEqual([
      ['data-security', 0.95],
      ['algorithm-ethics', 0.9],
    ]);
    expect(judged.reasons[0]?.text.en).toBe('Required course data-security: 95 % (at least 90 %)');
  });

  it('a required course below the honour minimum, missing, or failed: not eligible, saying which', () => {
    expect(judgeHonour(honour, candidate('u1', null, [result('data-security', 0.89, '2026-03-01T02:00:00.000Z')]))).toEqual({
      eligible: false,
      failures: ['data-security: 89 % is below 90 %'],
    });
    expect(judgeHonour(honour, candidate('u1', '大数据局', [result('data-security', 1, '2026-03-01T02:00:00.000Z')]))).toEqual({
      eligible: false,
      failures: ['algorithm-ethics: not completed'],
    });
    expect(
      judgeHonour(honour, candidate('u1', null, [result('data-security', 0.95, '2026-03-01T02:00:00.000Z', false)])),
    ).toEqual({ eligible: false, failures: ['data-security: not completed'] });
    // A result of another period does not count.
    expect(judgeHonour(honour, candidate('u1', null, [result('data-security', 1, '2025-06-01T02:00:00.000Z')])).eligible).toBe(
      false,
    );
  });

  it('an expired pass of a required course is not eligible', () => {
    const results = [
      result('data-security', 1, '2026-02-01T02:00:00.000Z'),
      result('algorithm-ethics', 1, '2026-02-01T02:00:00.000Z'),
    ];
    const judged = judgeHonour(honour, candidate('u1', '大数据局', results, { asOf: Date.parse('2026-09-01T00:00:00Z') }));
    expect(judged).toEqual({ eligible: false, failures: ['algorithm-ethics: the pass expired on 2026-08-01'] });
    // The same results judged before expiry are eligible.
    expect(judgeHonour(honour, candidate('u1', '大数据局', results, { asOf: Date.parse('2026-07-01T00:00:00Z') })).eligible).toBe(
      true,
    );
  });

  it('joint exercises: at least K sessions with a team score at or above the level', () => {
    const withExercises: Honour = {
      ...honour,
      conditions: { ...honour.conditions, jointExercises: { count: 2, minTeamScore: 0.8 } },
    };
    const results = [result('data-security', 0.95, '2026-03-01T02:00:00.000Z')];
    expect(judgeHonour(withExercises, candidate('u1', null, results, { teamResults: [team(8, 10), team(79, 100)] }))).toEqual({
      eligible: false,
      failures: ['joint exercises: 1 of 2 sessions with a team score of at least 80 %'],
    });
    const judged = judgeHonour(
      withExercises,
      candidate('u1', null, results, { teamResults: [team(8, 10), team(80, 100), team(0, 0)] }),
    );
    expect(judged.eligible).toBe(true);
    if (judged.eligible)
      expect(judged.reasons.find((r) => r.kind === 'joint-exercises')).toMatchObject({
        sessions: 2,
        required: 2,
        minTeamScore: 0.8,
      });
  });

  it('no corrected result in the period: a corrected result rules the learner out only when the honour asks', () => {
    const strict: Honour = { ...honour, conditions: { ...honour.conditions, noCorrectedResults: true } };
    const results = [result('data-security', 0.95, '2026-03-01T02:00:00.000Z')];
    expect(judgeHonour(strict, candidate('u1', null, results, { correctedResults: ['a-x'] }))).toEqual({
      eligible: false,
      failures: ['corrected results in the period: a-x'],
    });
    expect(judgeHonour(honour, candidate('u1', null, results, { correctedResults: ['a-x'] })).eligible).toBe(true);
    const judged = judgeHonour(strict, candidate('u1', null, results));
    expect(judged.eligible && judged.reasons.at(-1)).toMatchObject({ kind: 'no-corrections' });
  });

  it('every failure is listed, not only the first', () => {
    const strict: Honour = {
      ...honour,
      conditions: { requiredCoursesMinimum: 0.9, jointExercises: { count: 1, minTeamScore: 0.5 }, noCorrectedResults: true },
    };
    const judged = judgeHonour(
      strict,
      candidate('u1', '大数据局', [result('data-security', 0.5, '2026-03-01T02:00:00.000Z')], { correctedResults: ['a1'] }),
    );
    expect(judged.eligible ? [] : judged.failures).toHaveLength(4);
  });
});

describe('proposeHonour: limits per department and ties', () => {
  const ds = (scaled: number, at: string) => [result('data-security', scaled, at)];

  it('places everyone eligible per department; the first N of each are within the limit', () => {
    const proposals = proposeHonour(honour, [
      candidate('a', '民政局', ds(0.92, '2026-03-01T02:00:00.000Z')),
      candidate('b', '民政局', ds(0.99, '2026-03-01T02:00:00.000Z')),
      candidate('c', '民政局', ds(0.95, '2026-03-01T02:00:00.000Z')),
      candidate('d', '审计局', ds(0.91, '2026-03-01T02:00:00.000Z')),
      candidate('e', null, ds(1, '2026-03-01T02:00:00.000Z')),
      candidate('f', '审计局', ds(0.5, '2026-03-01T02:00:00.000Z')),
    ]);
    expect(proposals).toMatchObject({ honourId: 'outstanding-trainee', perDepartment: 2 });
    // Departments by pinyin as the report lists them (民 min before 审 shen), no department last.
    expect(proposals.proposals.map((p) => [p.department, p.username, p.place, p.withinLimit])).toEqual([
      ['民政局', 'b', 1, true],
      ['民政局', 'c', 2, true],
      ['民政局', 'a', 3, false],
      ['审计局', 'd', 1, true],
      [null, 'e', 1, true],
    ]);
  });

  it('ties: a higher mean score first, then the earlier completion, then the username; input order never matters', () => {
    const people = [
      candidate('zed', '民政局', ds(0.95, '2026-03-01T02:00:00.000Z')),
      candidate('amy', '民政局', ds(0.95, '2026-03-01T02:00:00.000Z')),
      candidate('bob', '民政局', ds(0.95, '2026-02-01T02:00:00.000Z')),
      candidate('cat', '民政局', ds(0.96, '2026-06-01T02:00:00.000Z')),
    ];
    const order = (list: HonourCandidate[]) => proposeHonour(honour, list).proposals.map((p) => p.username);
    expect(order(people)).toEqual(['cat', 'bob', 'amy', 'zed']);
    expect(order([...people].reverse())).toEqual(['cat', 'bob', 'amy', 'zed']);
    expect(proposeHonour(honour, people).proposals.map((p) => p.withinLimit)).toEqual([true, true, false, false]);
  });

  it('proposeHonours gives only the honours listed for the period', () => {
    const only2025: Policy = {
      ...policy,
      honours: [
        { ...honour, periods: ['2025'] },
        { ...honour, id: 'every-year' },
      ],
    };
    expect(proposeHonours(only2025, '2026', []).map((h) => h.honourId)).toEqual(['every-year']);
    expect(proposeHonours({ ...policy }, '2026', [])).toEqual([]);
  });
});
