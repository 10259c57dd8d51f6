import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../course/problems.ts';
import { loadCourses } from '../course/node/load-courses.ts';
import { loadPolicyFile } from './node/load-policy.ts';
import { parsePolicyOrThrow, parsePolicyText, POLICY_FILE } from './parse.ts';
import { policyVersion } from './validate.ts';

const fixture = readFileSync(new URL('./fixtures/mini-policy.yaml', import.meta.url), 'utf8');
const COURSES = ['data-security', 'algorithm-ethics', 'governance'];

/** Replaces one exact piece of the fixture text (which must occur once) and returns the problems. */
function problemsAfter(from: string, to: string, knownCourseIds?: readonly string[]): string[] {
  expect(fixture.split(from).length, `"${from}" occurs once in the fixture`).toBe(2);
  const result = parsePolicyText(fixture.replace(from, to), knownCourseIds ? { knownCourseIds } : {});
  return result.ok ? [] : result.problems.map((p) => formatProblem(POLICY_FILE, p));
}

describe('training policy validation', () => {
  it('accepts the fixture and keeps both versions evaluable', () => {
    const result = parsePolicyText(fixture, { knownCourseIds: COURSES });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(policyVersion(result.file)?.version).toBe('2');
    expect(policyVersion(result.file)).not.toHaveProperty('history');
    expect(policyVersion(result.file, '1')?.retakes).toBe('latest');
    expect(policyVersion(result.file, '3')).toBeUndefined();
  });

  const F = POLICY_FILE;
  const broken: [string, string, string, string][] = [
    [
      'bad retake rule',
      'retakes: best',
      'retakes: newest',
      `${F}: retakes: must be one of "best", "latest", got "newest" (line 26)`,
    ],
    [
      'unknown key',
      '    end: "2026-12-31"\nranks:',
      '    end: "2026-12-31"\n    colour: red\nranks:',
      `${F}: periods[0].colour: unknown key "colour": check the spelling or remove it (line 10)`,
    ],
    [
      'unknown top-level key',
      'retakes: best',
      'retakes: best\nretake: latest',
      `${F}: retake: unknown key "retake": check the spelling or remove it (line 27)`,
    ],
    [
      'missing English label',
      '{ zh-CN: 全员必修, en: Everyone }',
      '{ zh-CN: 全员必修 }',
      `${F}: requiredCourses[0].label.en: missing English text: every label needs both zh-CN and en (line 20)`,
    ],
    [
      'score above 1',
      '    data-security: 0.8',
      '    data-security: 80',
      `${F}: minimumScore.byCourse["data-security"]: Too big: expected number to be <=1 (line 25)`,
    ],
    [
      'hours as text',
      '  default: 4\n  byRank',
      '  default: four\n  byRank',
      `${F}: creditHoursByRank.default: expected number, got string "four" (line 16)`,
    ],
    [
      'not a calendar date',
      'start: "2026-01-01"\n    end: "2026-12-31"\nranks',
      'start: "2026-02-30"\n    end: "2026-12-31"\nranks',
      `${F}: periods[0].start: "2026-02-30" is not a calendar date (line 8)`,
    ],
    [
      'date written another way',
      '    end: "2026-12-31"\nranks',
      '    end: "31/12/2026"\nranks',
      `${F}: periods[0].end: dates are written "YYYY-MM-DD", e.g. "2026-01-01" (line 9)`,
    ],
    [
      'period ends before it starts',
      '    end: "2026-12-31"\nranks',
      '    end: "2025-12-31"\nranks',
      `${F}: periods[0].end: the period ends (2025-12-31) before it starts (2026-01-01): swap them (line 9)`,
    ],
    [
      'rank not declared',
      '    处长: 6',
      '    副处长: 6',
      `${F}: creditHoursByRank.byRank["副处长"]: no rank "副处长" in ranks (known: 科员, 处长): add it there or fix the spelling (line 18)`,
    ],
    [
      'version reused in history',
      '  - version: "1"',
      '  - version: "2"',
      `${F}: history[0].version: version "2" is used twice: every version needs its own name (line 28)`,
    ],
    [
      'bad utc offset',
      'utcOffset: "+08:00"\nperiods',
      'utcOffset: "CST"\nperiods',
      `${F}: utcOffset: write the offset as "+08:00" (line 4)`,
    ],
    ['missing field', 'retakes: best\n', '', `${F}: retakes: missing: add one of "best", "latest" (line 2)`],
    [
      'YAML syntax',
      'retakes: best',
      'retakes: [best',
      `${F}: (file): YAML syntax error at line 27, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
  ];
  it.each(broken)('%s', (_name, from, to, expected) => {
    expect(problemsAfter(from, to)).toEqual([expected]);
  });

  it('rejects a required course that is not a known course, when the course ids are given', () => {
    expect(problemsAfter('courses: [data-security]', 'courses: [data-safety]')).toEqual([]);
    expect(problemsAfter('courses: [data-security]', 'courses: [data-safety]', COURSES)).toEqual([
      `${F}: requiredCourses[0].courses[0]: no course "data-safety" (known: data-security, algorithm-ethics, governance) (line 21)`,
    ]);
    expect(problemsAfter('    data-security: 0.8', '    ethics: 0.8', COURSES)).toEqual([
      `${F}: minimumScore.byCourse.ethics: no course "ethics" (known: data-security, algorithm-ethics, governance) (line 25)`,
    ]);
  });

  it('accepts departments with their names and checks the departments rules name against them', () => {
    const anchor = 'creditHoursByRank:\n  default: 4';
    const list = `departments:\n  - name: 大数据局\n    label: { zh-CN: 大数据局, en: Big Data Bureau }\n${anchor}`;
    const rule = '    courses: [data-security]\nminimumScore:';
    // Without a list, any department name is taken as written.
    expect(problemsAfter(rule, '    courses: [data-security]\n    departments: [大数据管理局]\nminimumScore:')).toEqual([]);
    const withList = fixture.replace(anchor, list);
    const check = (text: string) => {
      const result = parsePolicyText(text, {});
      return result.ok ? [] : result.problems.map((p) => formatProblem(POLICY_FILE, p));
    };
    expect(check(withList)).toEqual([]);
    expect(check(withList.replace(rule, '    courses: [data-security]\n    departments: [大数据管理局]\nminimumScore:'))).toEqual(
      [
        `${F}: requiredCourses[0].departments[0]: no department "大数据管理局" in departments (known: 大数据局): add it there or fix the spelling (line 25)`,
      ],
    );
    expect(
      check(withList.replace('    label: { zh-CN: 大数据局, en: Big Data Bureau }', '    label: { zh-CN: 大数据局 }')),
    ).toEqual([`${F}: departments[0].label.en: missing English text: every label needs both zh-CN and en (line 17)`]);
    expect(
      check(
        withList.replace(
          list,
          `${list.replace(anchor, '')}  - name: 大数据局\n    label: { zh-CN: 大数据局, en: Big Data }\n${anchor}`,
        ),
      ),
    ).toEqual([`${F}: departments[1].name: duplicate department "大数据局": list each department once (line 18)`]);
  });

  it('accepts a joint-exercise rule and checks its count, ranks and keys', () => {
    const anchor = 'minimumScore:\n  default: 0.6\n  byCourse:';
    const rule = (body: string) => `requiredExercises:\n  - label: { zh-CN: 处长联合演练, en: Directors }\n${body}\n${anchor}`;
    expect(problemsAfter(anchor, rule('    count: 1\n    ranks: [处长]\n    exercises: [resident-data-leak]'))).toEqual([]);
    expect(problemsAfter(anchor, rule('    count: 1\n    ranks: [司长]'))).toEqual([
      `${F}: requiredExercises[0].ranks[0]: no rank "司长" in ranks (known: 科员, 处长): add it there or fix the spelling (line 25)`,
    ]);
    expect(problemsAfter(anchor, rule('    count: 0'))).toEqual([
      `${F}: requiredExercises[0].count: Too small: expected number to be >=1 (line 24)`,
    ]);
    expect(problemsAfter(anchor, rule('    count: 1\n    sessions: 2'))).toEqual([
      `${F}: requiredExercises[0].sessions: unknown key "sessions": check the spelling or remove it (line 25)`,
    ]);
  });

  it('accepts honours and recertification, and names the field and line of each mistake in them', () => {
    const anchor = 'retakes: best\n';
    const honours = (body: string) =>
      `${anchor}honours:\n  - id: outstanding\n    label: { zh-CN: 优秀学员, en: Outstanding trainee }\n${body}`;
    const ok = '    conditions:\n      requiredCoursesMinimum: 0.9\n    limit:\n      perDepartment: 2\n';
    expect(problemsAfter(anchor, honours(ok))).toEqual([]);
    expect(
      problemsAfter(
        anchor,
        honours(
          '    periods: ["2026"]\n    conditions:\n      requiredCoursesMinimum: 0.9\n      jointExercises: { count: 2, minTeamScore: 0.8 }\n      noCorrectedResults: true\n    limit:\n      perDepartment: 1\n',
        ),
      ),
    ).toEqual([]);
    expect(problemsAfter(anchor, honours(ok.replace('0.9', '90')))).toEqual([
      `${F}: honours[0].conditions.requiredCoursesMinimum: Too big: expected number to be <=1 (line 31)`,
    ]);
    expect(problemsAfter(anchor, honours(ok.replace('perDepartment: 2', 'perDepartment: 0')))).toEqual([
      `${F}: honours[0].limit.perDepartment: Too small: expected number to be >=1 (line 33)`,
    ]);
    expect(problemsAfter(anchor, honours(ok.replace('    limit:\n      perDepartment: 2\n', '')))).toEqual([
      `${F}: honours[0].limit: missing: this field is required (object) (line 28)`,
    ]);
    expect(problemsAfter(anchor, honours(`    periods: ["2027"]\n${ok}`))).toEqual([
      `${F}: honours[0].periods[0]: no period "2027" in periods (known: 2026) (line 30)`,
    ]);
    expect(problemsAfter(anchor, honours(ok.replace('requiredCoursesMinimum', 'minimum')))).toEqual([
      `${F}: honours[0].conditions.requiredCoursesMinimum: missing: this field is required (number) (line 31)`,
      `${F}: honours[0].conditions.minimum: unknown key "minimum": check the spelling or remove it (line 31)`,
    ]);
    expect(problemsAfter(anchor, `${honours(ok)}  - id: outstanding\n    label: { zh-CN: 重复, en: Again }\n${ok}`)).toEqual([
      `${F}: honours[1].id: duplicate honour id "outstanding": every honour needs its own id (line 34)`,
    ]);

    const recert = (body: string) => `${anchor}recertification:\n${body}`;
    expect(
      problemsAfter(anchor, recert('  validMonths:\n    algorithm-ethics: 12\n  expiringWithinDays: 30\n'), COURSES),
    ).toEqual([]);
    expect(problemsAfter(anchor, recert('  validMonths:\n    ethics: 12\n'), COURSES)).toEqual([
      `${F}: recertification.validMonths.ethics: no course "ethics" (known: data-security, algorithm-ethics, governance) (line 29)`,
    ]);
    expect(problemsAfter(anchor, recert('  validMonths:\n    algorithm-ethics: 0\n'))).toEqual([
      `${F}: recertification.validMonths["algorithm-ethics"]: Too small: expected number to be >=1 (line 29)`,
    ]);
  });

  it('throws one PolicyError listing every problem', () => {
    const text = fixture.replace('retakes: best', 'retakes: newest').replace('  default: 4\n  byRank', '  default: -1\n  byRank');
    expect(() => parsePolicyOrThrow(text)).toThrow(
      [
        `${F}: creditHoursByRank.default: Too small: expected number to be >=0 (line 16)`,
        `${F}: retakes: must be one of "best", "latest", got "newest" (line 26)`,
      ].join('\n'),
    );
  });

  it('the real config/training-policy.yaml validates against the real courses', () => {
    const root = resolve(import.meta.dirname, '../..');
    const report = loadCourses(resolve(root, 'courses'), root);
    expect(report.failures).toEqual([]);
    const ids = report.courses.map((c) => c.id);
    expect(ids.sort()).toEqual([...COURSES].sort());
    const file = loadPolicyFile(resolve(root, POLICY_FILE), ids, root);
    expect(file.version).toBe('2026.4');
    expect(file.history?.map((p) => p.version)).toEqual(['2026.3', '2026.2', '2026.1']);
    // The worked honour and the recertification rule of the version in force.
    expect(file.honours?.map((h) => [h.id, h.limit.perDepartment])).toEqual([['outstanding-trainee', 2]]);
    expect(file.recertification?.validMonths).toEqual({ 'algorithm-ethics': 12 });
    expect(file.periods.map((p) => p.id)).toContain('2026');
    // Every course is worth 2 hours; the policy's hour targets must be reachable with them.
    const reachable = report.courses.reduce((sum, c) => sum + c.course.creditHours, 0);
    for (const version of [file, ...(file.history ?? [])]) {
      const targets = [version.creditHoursByRank.default, ...Object.values(version.creditHoursByRank.byRank ?? {})];
      expect(Math.max(...targets)).toBeLessThanOrEqual(reachable);
    }
  });
});
