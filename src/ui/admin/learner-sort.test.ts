// The learners table's sort: every column both ways, ties and missing values stable and last,
// and the policy's rank labels and pass marks read from a version's YAML.
import { describe, expect, it } from 'vitest';
import type { ReportLearner } from '../../contracts/report-types.ts';
import type { Standing } from '../../policy/standing.ts';
import { coursePassMark, departmentLabel, nextSort, policyFromYaml, rankLabel, sortLearnerRows } from './learner-sort.ts';

function learner(
  username: string,
  name: string,
  earned: number,
  meets: boolean,
  dataSecurity: number | null,
  rank: string | null,
): ReportLearner {
  const standing = {
    earnedHours: earned,
    meets,
    statuses: meets ? [{ kind: 'meets' }] : [{ kind: 'short-hours', hours: 2 }],
    courses:
      dataSecurity === null
        ? []
        : [
            {
              courseId: 'data-security',
              counted: { attemptId: `${username}-a`, scaled: dataSecurity, passed: true, finishedAt: '', courseVersion: '1' },
            },
          ],
  } as unknown as Standing;
  return {
    username,
    name,
    employeeId: username,
    department: '办公室',
    rank,
    role: 'learner',
    standing,
    competency: [],
    ledgerIssues: [],
  };
}

const rows = [
  learner('E10', '王芳', 2, false, 0.75, '科员'),
  learner('E2', '李雷', 4, true, 0.9, '处长'),
  learner('E3', '张伟', 0, false, null, null),
];
const names = (list: readonly ReportLearner[]) => list.map((row) => row.username);

describe('sortLearnerRows', () => {
  it('keeps the server order without a sort', () => {
    expect(names(sortLearnerRows(rows, null))).toEqual(['E10', 'E2', 'E3']);
  });

  it('sorts numbers and ids naturally, both ways', () => {
    expect(names(sortLearnerRows(rows, { key: 'employeeId', direction: 'ascending' }))).toEqual(['E2', 'E3', 'E10']);
    expect(names(sortLearnerRows(rows, { key: 'hours', direction: 'descending' }))).toEqual(['E2', 'E10', 'E3']);
  });

  it('a course column sorts by the counted score, learners without one last either way', () => {
    expect(names(sortLearnerRows(rows, { key: 'course:data-security', direction: 'ascending' }))).toEqual(['E10', 'E2', 'E3']);
    expect(names(sortLearnerRows(rows, { key: 'course:data-security', direction: 'descending' }))).toEqual(['E2', 'E10', 'E3']);
    expect(names(sortLearnerRows(rows, { key: 'rank', direction: 'descending' })).at(-1)).toBe('E3');
  });

  it('status puts shortfalls first when ascending; ties keep their order', () => {
    expect(names(sortLearnerRows(rows, { key: 'status', direction: 'ascending' }))).toEqual(['E10', 'E3', 'E2']);
  });

  it('a second press reverses, a third goes back to ascending', () => {
    const first = nextSort(null, 'name');
    const second = nextSort(first, 'name');
    expect([first.direction, second.direction, nextSort(second, 'name').direction]).toEqual([
      'ascending',
      'descending',
      'ascending',
    ]);
    expect(nextSort(second, 'hours')).toEqual({ key: 'hours', direction: 'ascending' });
  });
});

describe('policy words', () => {
  const yaml = `version: "T"
adopted: "2026-01-01"
utcOffset: "+08:00"
periods: [{ id: "2026", label: { zh-CN: 2026 年度, en: Year 2026 }, start: "2026-01-01", end: "2026-12-31" }]
ranks: [{ name: 科员, label: { zh-CN: 科员, en: Staff member } }]
departments: [{ name: 大数据局, label: { zh-CN: 大数据局, en: Big Data Bureau } }]
creditHoursByRank: { default: 4 }
requiredCourses: []
minimumScore: { default: 0.6, byCourse: { data-security: 0.8 } }
retakes: best
`;
  const policy = policyFromYaml(yaml);

  it('ranks in the page’s language where the policy names them; others as stored', () => {
    expect(rankLabel(policy, '科员', 'en')).toBe('Staff member');
    expect(rankLabel(policy, '科员', 'zh-CN')).toBe('科员');
    expect(rankLabel(policy, '处长', 'en')).toBe('处长');
  });

  it('departments in the page’s language where the policy names them; others as stored', () => {
    expect(departmentLabel(policy, '大数据局', 'en')).toBe('Big Data Bureau');
    expect(departmentLabel(policy, '大数据局', 'zh-CN')).toBe('大数据局');
    expect(departmentLabel(policy, '民政局', 'en')).toBe('民政局');
    expect(departmentLabel(null, '大数据局', 'en')).toBe('大数据局');
  });

  it('pass marks: the policy minimum, or the course’s own where higher; nothing for text that is no policy', () => {
    expect(coursePassMark(policy, 'data-security', 0.7)).toBe(0.8);
    expect(coursePassMark(policy, 'governance', 0.7)).toBe(0.7);
    expect(policyFromYaml('version: [')).toBeNull();
    expect(coursePassMark(null, 'governance', undefined)).toBeNull();
  });
});
