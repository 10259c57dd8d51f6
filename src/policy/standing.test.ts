import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from './node/load-policy.ts';
import { POLICY_FILE } from './parse.ts';
import type { Policy } from './schema.ts';
import { evaluateStanding, type ExerciseParticipation, type OfficialResult, type StandingLearner } from './standing.ts';
import { policyVersion } from './validate.ts';

const label = (en: string) => ({ 'zh-CN': en, en });

/** A hand-built policy: 4 hours by default, 6 for 处长; data-security for all; minimum 0.6, 0.8 for data-security. */
const policy: Policy = {
  version: 'test-1',
  adopted: '2026-01-01',
  utcOffset: '+08:00',
  periods: [
    { id: '2025', label: label('2025'), start: '2025-01-01', end: '2025-12-31' },
    { id: '2026', label: label('2026'), start: '2026-01-01', end: '2026-12-31' },
  ],
  ranks: [
    { name: '科员', label: label('Staff member') },
    { name: '处长', label: label('Division director') },
  ],
  creditHoursByRank: { default: 4, byRank: { 科员: 4, 处长: 6 } },
  requiredCourses: [
    { label: label('Everyone'), courses: ['data-security'] },
    { label: label('Big Data Bureau'), courses: ['algorithm-ethics'], departments: ['大数据局'] },
    { label: label('Directors'), courses: ['governance'], ranks: ['处长'] },
    {
      label: label('Big Data Bureau directors'),
      courses: ['data-security', 'algorithm-ethics'],
      departments: ['大数据局'],
      ranks: ['处长'],
    },
  ],
  minimumScore: { default: 0.6, byCourse: { 'data-security': 0.8 } },
  retakes: 'best',
};

const clerk: StandingLearner = { username: 'e1001', name: '王小明', department: '民政局', rank: '科员', role: 'learner' };

let nextId = 0;
/** A passing 2-hour result finished at `finishedAt` (ISO), unless overridden. */
function result(courseId: string, scaled: number, finishedAt: string, extra: Partial<OfficialResult> = {}): OfficialResult {
  nextId += 1;
  return {
    attemptId: `a${String(nextId).padStart(3, '0')}`,
    courseId,
    courseVersion: '1.0.0',
    creditHours: 2,
    scaled,
    passed: scaled >= 0.7,
    finishedAt,
    ...extra,
  };
}

describe('evaluateStanding: statuses', () => {
  it('meets: required course done at the minimum, hours reached', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 0.8, '2026-03-01T02:00:00.000Z'),
      result('governance', 0.7, '2026-04-01T02:00:00.000Z'),
    ]);
    expect(standing.statuses).toEqual([{ kind: 'meets' }]);
    expect(standing.meets).toBe(true);
    expect(standing).toMatchObject({
      policyVersion: 'test-1',
      periodId: '2026',
      username: 'e1001',
      requiredHours: 4,
      earnedHours: 4,
    });
    expect(standing.requiredCourses).toEqual([{ courseId: 'data-security', requiredBy: [label('Everyone')] }]);
    expect(standing.courses.map((c) => [c.courseId, c.required, c.completed, c.hoursEarned])).toEqual([
      ['data-security', true, true, 2],
      ['governance', false, true, 2],
    ]);
  });

  it('short by N hours', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [result('data-security', 0.9, '2026-03-01T02:00:00.000Z')]);
    expect(standing.statuses).toEqual([{ kind: 'short-hours', hours: 2 }]);
    expect(standing.meets).toBe(false);
    expect(standing.earnedHours).toBe(2);
  });

  it('missing course X, even with enough hours from other courses', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('governance', 0.9, '2026-03-01T02:00:00.000Z'),
      result('algorithm-ethics', 0.9, '2026-03-02T02:00:00.000Z'),
    ]);
    expect(standing.earnedHours).toBe(4);
    expect(standing.statuses).toEqual([{ kind: 'missing-course', courseId: 'data-security' }]);
    expect(standing.courses[0]).toMatchObject({
      courseId: 'data-security',
      attempts: 0,
      best: null,
      latest: null,
      counted: null,
      courseVersion: null,
      finishedAt: null,
      hoursEarned: 0,
    });
  });

  it('below minimum score on X: passed the course but not the policy minimum; earns no hours', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 0.75, '2026-03-01T02:00:00.000Z'),
      result('governance', 0.9, '2026-03-02T02:00:00.000Z'),
    ]);
    expect(standing.statuses).toEqual([
      { kind: 'below-minimum-score', courseId: 'data-security', scaled: 0.75, minimum: 0.8, passed: true },
      { kind: 'short-hours', hours: 2 },
    ]);
  });

  it('no results at all: every shortfall is listed', () => {
    const standing = evaluateStanding(policy, '2026', clerk, []);
    expect(standing.statuses).toEqual([
      { kind: 'missing-course', courseId: 'data-security' },
      { kind: 'short-hours', hours: 4 },
    ]);
  });

  it('a failed attempt earns no hours, even above the policy minimum', () => {
    const failed = result('governance', 0.65, '2026-03-01T02:00:00.000Z', { passed: false });
    const standing = evaluateStanding(policy, '2026', clerk, [result('data-security', 0.9, '2026-03-01T02:00:00.000Z'), failed]);
    expect(standing.courses[1]).toMatchObject({ courseId: 'governance', attempts: 1, completed: false, hoursEarned: 0 });
    expect(standing.earnedHours).toBe(2);
    // A required course that was failed reads as below the minimum, with `passed: false` saying why.
    const required = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 0.85, '2026-03-01T02:00:00.000Z', { passed: false }),
    ]);
    expect(required.statuses[0]).toEqual({
      kind: 'below-minimum-score',
      courseId: 'data-security',
      scaled: 0.85,
      minimum: 0.8,
      passed: false,
    });
  });

  it('a course counts its hours once, however often it is retaken', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 0.82, '2026-02-01T02:00:00.000Z'),
      result('data-security', 0.9, '2026-03-01T02:00:00.000Z'),
      result('data-security', 0.95, '2026-04-01T02:00:00.000Z'),
    ]);
    expect(standing.courses[0]).toMatchObject({ attempts: 3, hoursEarned: 2 });
    expect(standing.earnedHours).toBe(2);
  });

  it('an unknown period is an error that names the known ones', () => {
    expect(() => evaluateStanding(policy, '2027', clerk, [])).toThrow(
      'no period "2027" in training policy test-1 (known: 2025, 2026)',
    );
  });
});

describe('evaluateStanding: retakes', () => {
  const early = result('data-security', 0.9, '2026-02-01T02:00:00.000Z', { courseVersion: '1.0.0' });
  const later = result('data-security', 0.72, '2026-06-01T02:00:00.000Z', { courseVersion: '1.1.0' });

  it('best: a later lower score does not replace the best one', () => {
    const course = evaluateStanding(policy, '2026', clerk, [later, early]).courses[0];
    expect(course?.best?.attemptId).toBe(early.attemptId);
    expect(course?.latest?.attemptId).toBe(later.attemptId);
    expect(course).toMatchObject({
      counted: { attemptId: early.attemptId, scaled: 0.9 },
      completed: true,
      courseVersion: '1.0.0',
      finishedAt: early.finishedAt,
    });
  });

  it('latest: the later lower score counts, and here falls below the minimum', () => {
    const standing = evaluateStanding({ ...policy, retakes: 'latest' }, '2026', clerk, [early, later]);
    expect(standing.courses[0]).toMatchObject({
      counted: { attemptId: later.attemptId, scaled: 0.72 },
      completed: false,
      courseVersion: '1.1.0',
      finishedAt: later.finishedAt,
      hoursEarned: 0,
    });
    expect(standing.statuses[0]).toEqual({
      kind: 'below-minimum-score',
      courseId: 'data-security',
      scaled: 0.72,
      minimum: 0.8,
      passed: true,
    });
  });

  it('the answer does not depend on the order results arrive in, even on equal scores', () => {
    const a = result('governance', 0.8, '2026-02-01T02:00:00.000Z');
    const b = result('governance', 0.8, '2026-05-01T02:00:00.000Z');
    const c = result('governance', 0.8, '2026-05-01T02:00:00.000Z');
    const forward = evaluateStanding(policy, '2026', clerk, [a, b, c]).courses[1];
    const backward = evaluateStanding(policy, '2026', clerk, [c, b, a]).courses[1];
    expect(forward).toEqual(backward);
    expect(forward?.best?.attemptId).toBe(a.attemptId); // the earliest time the top score was reached
    expect(evaluateStanding({ ...policy, retakes: 'latest' }, '2026', clerk, [c, a, b]).courses[1]?.counted?.attemptId).toBe(
      c.attemptId,
    );
  });
});

describe('evaluateStanding: period boundaries (days inclusive, read at +08:00)', () => {
  // 2026-01-01 00:00 +08:00 is 2025-12-31 16:00 UTC; the period ends before 2027-01-01 00:00 +08:00.
  const cases: [string, string, boolean][] = [
    ['one millisecond before the start', '2025-12-31T15:59:59.999Z', false],
    ['exactly at the start', '2025-12-31T16:00:00.000Z', true],
    ['the start, written with its offset', '2026-01-01T00:00:00.000+08:00', true],
    ['the last millisecond of the last day', '2026-12-31T23:59:59.999+08:00', true],
    ['exactly at the end boundary (next day 00:00)', '2026-12-31T16:00:00.000Z', false],
    ['an unreadable time', 'yesterday', false],
  ];
  it.each(cases)('%s (%s): inside = %s', (_name, finishedAt, inside) => {
    const standing = evaluateStanding(policy, '2026', clerk, [result('data-security', 0.9, finishedAt)]);
    expect(standing.courses[0]?.attempts).toBe(inside ? 1 : 0);
    expect(standing.earnedHours).toBe(inside ? 2 : 0);
  });

  it('back-to-back periods share no millisecond', () => {
    const edge = [
      result('data-security', 0.9, '2025-12-31T15:59:59.999Z'),
      result('governance', 0.9, '2025-12-31T16:00:00.000Z'),
    ];
    expect(evaluateStanding(policy, '2025', clerk, edge).courses.map((c) => [c.courseId, c.attempts])).toEqual([
      ['data-security', 1],
    ]);
    expect(evaluateStanding(policy, '2026', clerk, edge).courses.map((c) => [c.courseId, c.attempts])).toEqual([
      ['data-security', 0],
      ['governance', 1],
    ]);
  });

  it('an earlier period’s best result does not count in this one', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 1, '2025-06-01T02:00:00.000Z'),
      result('data-security', 0.75, '2026-06-01T02:00:00.000Z'),
    ]);
    expect(standing.courses[0]).toMatchObject({ attempts: 1, counted: { scaled: 0.75 }, completed: false });
  });
});

describe('evaluateStanding: who must do what', () => {
  const done = [result('data-security', 0.9, '2026-03-01T02:00:00.000Z')];

  it('a department rule adds a course for that department only', () => {
    const analyst = { ...clerk, department: '大数据局' };
    expect(evaluateStanding(policy, '2026', analyst, done).statuses).toEqual([
      { kind: 'missing-course', courseId: 'algorithm-ethics' },
      { kind: 'short-hours', hours: 2 },
    ]);
    expect(evaluateStanding(policy, '2026', { ...clerk, department: null }, done).requiredCourses.map((r) => r.courseId)).toEqual(
      ['data-security'],
    );
  });

  it('a rank rule sets hours and courses; department and rank together must both match', () => {
    const director = { ...clerk, rank: '处长' };
    const standing = evaluateStanding(policy, '2026', director, done);
    expect(standing.requiredHours).toBe(6);
    expect(standing.statuses).toEqual([
      { kind: 'missing-course', courseId: 'governance' },
      { kind: 'short-hours', hours: 4 },
    ]);
    const bureauDirector = evaluateStanding(policy, '2026', { ...director, department: '大数据局' }, done);
    expect(bureauDirector.requiredCourses).toEqual([
      { courseId: 'data-security', requiredBy: [label('Everyone'), label('Big Data Bureau directors')] },
      { courseId: 'algorithm-ethics', requiredBy: [label('Big Data Bureau'), label('Big Data Bureau directors')] },
      { courseId: 'governance', requiredBy: [label('Directors')] },
    ]);
  });

  it('a role rule applies by role', () => {
    const withRole: Policy = {
      ...policy,
      requiredCourses: [{ label: label('Trainers'), courses: ['governance'], roles: ['trainer'] }],
    };
    expect(evaluateStanding(withRole, '2026', clerk, []).requiredCourses).toEqual([]);
    expect(evaluateStanding(withRole, '2026', { ...clerk, role: 'trainer' }, []).requiredCourses.map((r) => r.courseId)).toEqual([
      'governance',
    ]);
  });

  it('an unknown or missing rank gets the default hours', () => {
    const custom: Policy = { ...policy, creditHoursByRank: { default: 2, byRank: { 科员: 4 } } };
    expect(evaluateStanding(custom, '2026', { ...clerk, rank: '调研员' }, done)).toMatchObject({
      requiredHours: 2,
      statuses: [{ kind: 'meets' }],
    });
    expect(evaluateStanding(custom, '2026', { ...clerk, rank: null }, done).requiredHours).toBe(2);
    expect(evaluateStanding(custom, '2026', { ...clerk, rank: 'toString' }, done).requiredHours).toBe(2);
    expect(evaluateStanding(custom, '2026', clerk, done).requiredHours).toBe(4);
  });

  it('the per-course minimum overrides the default', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 0.79, '2026-03-01T02:00:00.000Z'),
      result('governance', 0.7, '2026-03-01T02:00:00.000Z'),
    ]);
    expect(standing.courses.map((c) => [c.courseId, c.minimumScore, c.completed])).toEqual([
      ['data-security', 0.8, false],
      ['governance', 0.6, true],
    ]);
  });

  it('a score at the minimum but for floating-point rounding (0.7 + 0.1 < 0.8) meets it', () => {
    expect(0.7 + 0.1).toBeLessThan(0.8);
    const standing = evaluateStanding(policy, '2026', clerk, [
      result('data-security', 0.7 + 0.1, '2026-03-01T02:00:00.000Z'),
      result('governance', 0.6, '2026-03-01T02:00:00.000Z', { passed: true }),
    ]);
    expect(standing.statuses).toEqual([{ kind: 'meets' }]);
  });
});

describe('evaluateStanding: policy versions (the real config file)', () => {
  const root = resolve(import.meta.dirname, '../..');
  const file = loadPolicyFile(resolve(root, POLICY_FILE), undefined, root);
  const analyst: StandingLearner = { username: 'e2001', name: '李华', department: '大数据局', rank: '科员', role: 'learner' };
  const results = [
    result('data-security', 0.9, '2026-01-20T02:00:00.000Z'),
    result('data-security', 0.7, '2026-05-20T02:00:00.000Z'),
    result('governance', 0.8, '2026-02-10T02:00:00.000Z'),
  ];

  it('the same results give each version’s own answer, and say which version was used', () => {
    const v1 = policyVersion(file, '2026.1');
    const v2 = policyVersion(file, '2026.2');
    if (!v1 || !v2) throw new Error('the real policy lost a version');
    // 2026.1: latest result counts (0.7 ≥ 0.6), no ethics rule: 4 hours, meets.
    expect(evaluateStanding(v1, '2026', analyst, results)).toMatchObject({
      policyVersion: '2026.1',
      earnedHours: 4,
      statuses: [{ kind: 'meets' }],
    });
    // 2026.2: best counts (0.9 ≥ 0.8), but 大数据局 now also needs algorithm ethics.
    expect(evaluateStanding(v2, '2026', analyst, results)).toMatchObject({
      policyVersion: '2026.2',
      earnedHours: 4,
      statuses: [{ kind: 'missing-course', courseId: 'algorithm-ethics' }],
    });
  });
});

describe('evaluateStanding: joint exercises', () => {
  const withExercises: Policy = {
    ...policy,
    requiredExercises: [
      { label: label('Directors: one joint exercise a year'), count: 1, ranks: ['处长'] },
      {
        label: label('Big Data Bureau: two data-leak exercises'),
        count: 2,
        exercises: ['resident-data-leak'],
        departments: ['大数据局'],
      },
    ],
  };
  const director: StandingLearner = { username: 'e3001', name: '赵主任', department: '大数据局', rank: '处长', role: 'learner' };
  const passing = [
    result('data-security', 0.9, '2026-03-01T02:00:00.000Z', { creditHours: 3 }),
    result('governance', 0.9, '2026-03-01T02:00:00.000Z', { creditHours: 3 }),
    result('algorithm-ethics', 0.9, '2026-03-01T02:00:00.000Z', { creditHours: 3 }),
  ];
  const session = (exerciseId: string, finishedAt: string, n: number): ExerciseParticipation => ({
    resultId: `x${n}`,
    courseId: 'joint-exercises',
    exerciseId,
    roleId: 'bigdata',
    finishedAt,
  });

  it('counts the sessions in the period against every rule that applies, naming each one not met', () => {
    const sessions = [
      session('resident-data-leak', '2026-04-01T02:00:00.000Z', 1),
      session('allowance-auto-refusals', '2026-05-01T02:00:00.000Z', 2),
      // Ends at 23:59 on 31 December 2025 in Beijing: the earlier period.
      session('resident-data-leak', '2025-12-31T15:59:00.000Z', 3),
    ];
    const standing = evaluateStanding(withExercises, '2026', director, passing, sessions);
    expect(standing.exercises.count).toBe(2);
    expect(standing.exercises.required).toEqual([
      { label: label('Directors: one joint exercise a year'), count: 1, exercises: null, done: 2, met: true },
      {
        label: label('Big Data Bureau: two data-leak exercises'),
        count: 2,
        exercises: ['resident-data-leak'],
        done: 1,
        met: false,
      },
    ]);
    expect(standing.meets).toBe(false);
    expect(standing.statuses).toEqual([
      { kind: 'missing-exercises', label: label('Big Data Bureau: two data-leak exercises'), required: 2, done: 1 },
    ]);
    const more = [...sessions, session('resident-data-leak', '2026-06-01T02:00:00.000Z', 4)];
    expect(evaluateStanding(withExercises, '2026', director, passing, more)).toMatchObject({
      meets: true,
      statuses: [{ kind: 'meets' }],
      exercises: { count: 3, met: true },
    });
  });

  it('requires nothing of a learner no rule selects, and nothing under a policy without rules', () => {
    const standing = evaluateStanding(withExercises, '2026', clerk, [result('data-security', 0.9, '2026-03-01T02:00:00.000Z')]);
    expect(standing.exercises).toEqual({ count: 0, required: [], met: true });
    expect(standing.statuses).toEqual([{ kind: 'short-hours', hours: 2 }]);
    expect(evaluateStanding(policy, '2026', director, passing).exercises).toEqual({ count: 0, required: [], met: true });
  });
});

describe('evaluateStanding: recertification', () => {
  const withValidity: Policy = {
    ...policy,
    recertification: { validMonths: { 'data-security': 6, 'algorithm-ethics': 3 }, expiringWithinDays: 14 },
  };
  const analyst: StandingLearner = { username: 'e2001', name: '李华', department: '大数据局', rank: '科员', role: 'learner' };
  const passes = () => [
    result('data-security', 0.9, '2026-01-31T02:00:00.000Z'),
    result('algorithm-ethics', 0.8, '2026-05-10T02:00:00.000Z'),
  ];

  it('valid: a pass within its months meets the requirement, and nothing is due', () => {
    const standing = evaluateStanding(withValidity, '2026', analyst, passes(), [], { asOf: Date.parse('2026-03-01T00:00:00Z') });
    expect(standing.meets).toBe(true);
    expect(standing.asOf).toBe('2026-03-01T00:00:00.000Z');
    // 31 January + 6 months is the last day of July (no 31 June to fall into).
    expect(standing.courses[0]?.validity).toEqual({
      validMonths: 6,
      attemptId: standing.courses[0]?.counted?.attemptId,
      validUntil: '2026-07-31T02:00:00.000Z',
      expiresOn: '2026-07-31',
      state: 'valid',
      daysLeft: 153,
    });
    expect(standing.due).toEqual([]);
  });

  it('expiring within the policy days: still meets, and is listed as due', () => {
    const standing = evaluateStanding(withValidity, '2026', analyst, passes(), [], { asOf: Date.parse('2026-07-20T00:00:00Z') });
    expect(standing.meets).toBe(true);
    expect(standing.due).toEqual([
      {
        courseId: 'data-security',
        required: true,
        state: 'expiring',
        validUntil: '2026-07-31T02:00:00.000Z',
        expiresOn: '2026-07-31',
        daysLeft: 12,
      },
    ]);
  });

  it('expired: a required pass older than its validity no longer meets the requirement, saying when it expired', () => {
    const standing = evaluateStanding(withValidity, '2026', analyst, passes(), [], { asOf: Date.parse('2026-09-01T00:00:00Z') });
    expect(standing.meets).toBe(false);
    expect(standing.statuses).toEqual([
      { kind: 'expired-course', courseId: 'data-security', expiredOn: '2026-07-31' },
      { kind: 'expired-course', courseId: 'algorithm-ethics', expiredOn: '2026-08-10' },
    ]);
    // The hours stay earned: the training was done; only the certification lapsed.
    expect(standing.earnedHours).toBe(4);
    expect(standing.due.map((d) => [d.courseId, d.state])).toEqual([
      ['data-security', 'expired'],
      ['algorithm-ethics', 'expired'],
    ]);
  });

  it('a renewal (a later pass) restores validity even when an earlier, higher result is the counted one', () => {
    const results = [...passes(), result('data-security', 0.85, '2026-08-15T02:00:00.000Z')];
    const standing = evaluateStanding(withValidity, '2026', analyst, results, [], { asOf: Date.parse('2026-09-01T00:00:00Z') });
    expect(standing.courses[0]?.counted?.scaled).toBe(0.9);
    expect(standing.courses[0]?.validity).toMatchObject({ state: 'valid', expiresOn: '2027-02-15' });
    expect(standing.statuses).toEqual([{ kind: 'expired-course', courseId: 'algorithm-ethics', expiredOn: '2026-08-10' }]);
  });

  it('a required course with a validity and no pass is due as missing; a pass below the minimum does not renew', () => {
    const standing = evaluateStanding(
      withValidity,
      '2026',
      analyst,
      [result('data-security', 0.7, '2026-06-01T02:00:00.000Z')],
      [],
      { asOf: Date.parse('2026-07-01T00:00:00Z') },
    );
    expect(standing.due.map((d) => [d.courseId, d.state, d.validUntil])).toEqual([
      ['data-security', 'missing', null],
      ['algorithm-ethics', 'missing', null],
    ]);
  });

  it('a past period is judged at its own end, however late the report is made', () => {
    const results = passes();
    const late = evaluateStanding(withValidity, '2026', analyst, results, [], { asOf: Date.parse('2030-01-01T00:00:00Z') });
    const atEnd = evaluateStanding(withValidity, '2026', analyst, results);
    expect(late.asOf).toBe('2026-12-31T15:59:59.999Z');
    expect(late).toEqual(atEnd);
    expect(late.statuses.map((s) => s.kind)).toEqual(['expired-course', 'expired-course']);
  });

  it('without recertification in the policy, no course has a validity and nothing is due', () => {
    const standing = evaluateStanding(policy, '2026', analyst, passes());
    expect(standing.courses.every((c) => c.validity === null)).toBe(true);
    expect(standing.due).toEqual([]);
  });
});

describe('evaluateStanding: department and rank in force', () => {
  it('judges the requirement by the learner given (in force now); every result of the period counts, each keeping where it was earned', () => {
    // Passed data-security as a 民政局 科员 in March; transferred to 大数据局 and promoted to 处长 since.
    const passed = result('data-security', 0.9, '2026-03-01T02:00:00.000Z', { department: '民政局', rank: '科员' });
    const lastYear = result('governance', 0.9, '2025-06-01T02:00:00.000Z', { department: '财政局', rank: '科员' });
    const drill: ExerciseParticipation = {
      resultId: 'x1',
      courseId: 'joint-exercises',
      exerciseId: 'resident-data-leak',
      roleId: 'bigdata',
      finishedAt: '2026-09-01T02:00:00.000Z',
      department: '大数据局',
    };
    const now = { ...clerk, department: '大数据局', rank: '处长' };
    const standing = evaluateStanding(policy, '2026', now, [passed, lastYear], [drill]);
    // 处长 of 大数据局: 6 hours; data-security, algorithm-ethics and governance required.
    expect(standing.requiredHours).toBe(6);
    expect(standing.requiredCourses.map((c) => c.courseId)).toEqual(['data-security', 'algorithm-ethics', 'governance']);
    const counted = standing.courses.find((c) => c.courseId === 'data-security');
    expect(counted).toMatchObject({ completed: true, hoursEarned: 2 });
    expect(counted?.counted).toEqual({
      attemptId: passed.attemptId,
      courseVersion: '1.0.0',
      scaled: 0.9,
      passed: true,
      finishedAt: passed.finishedAt,
      department: '民政局',
      rank: '科员',
    });
    // Only the period's results: last year's 财政局 result is not where this year's were earned.
    expect(standing.earnedIn).toEqual(['大数据局', '民政局']);
    // The same results judged for the post held before: the clerk's requirement.
    expect(evaluateStanding(policy, '2026', clerk, [passed]).requiredHours).toBe(4);
    expect(evaluateStanding(policy, '2026', clerk, [passed]).meets).toBe(false);
  });

  it('leaves department and rank out of a result that does not record them', () => {
    const standing = evaluateStanding(policy, '2026', clerk, [result('data-security', 0.9, '2026-03-01T02:00:00.000Z')]);
    expect(standing.courses[0]?.counted).not.toHaveProperty('department');
    expect(standing.earnedIn).toEqual([]);
  });
});
