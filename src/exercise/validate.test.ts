// The exercise validator: a valid file passes; broken files are refused with problems that name
// the file, the field and the line, as course files are.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFailures, loadCourses } from '../course/node/load-courses.ts';
import { formatProblem } from '../course/problems.ts';
import { loadExerciseCourses } from './node/load-exercises.ts';
import { parseExerciseCourseText, parseExerciseText } from './parse.ts';

const FIXTURE = readFileSync(resolve(import.meta.dirname, 'fixtures/two-desks.yaml'), 'utf8');
const FILE = 'exercises/two-desks.yaml';

/** Parses the fixture with one text replacement and returns the formatted problems. */
function problemsAfter(from: string, to: string): string[] {
  expect(FIXTURE).toContain(from);
  const result = parseExerciseText(FIXTURE.replace(from, to), FILE, 'two-desks');
  if (result.ok) throw new Error('the broken file was accepted');
  return result.problems.map((p) => formatProblem(FILE, p));
}
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('validateExercise', () => {
  it('accepts the fixture and fills defaults', () => {
    const result = parseExerciseText(FIXTURE, FILE, 'two-desks');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.exercise.roles[0]!.private).toEqual([]);
      expect(result.exercise.requests[0]!.perExtraField).toBe(2);
    }
  });

  it('names an unknown role with the known ones and the line', () => {
    expect(problemsAfter('    role: alpha\n', '    role: gamma\n')).toEqual([
      `${FILE}: actions[0].role: no role "gamma" (known: alpha, beta) (line ${lineOf(FIXTURE, '    role: alpha')})`,
      `${FILE}: roles[0]: role "alpha" can earn no points: give it an action with positive points or a request to answer (line ${lineOf(FIXTURE, '  - id: alpha')})`,
    ]);
  });

  it('names a needed column the table does not have', () => {
    const [problem] = problemsAfter('    needed: [code]', '    needed: [postcode]');
    expect(problem).toBe(
      `${FILE}: requests[0].needed[0]: no column of "ledger" "postcode" (known: code, owner) (line ${lineOf(FIXTURE, '    needed: [code]')})`,
    );
  });

  it('asks for the missing English text of a role briefing', () => {
    const [problem] = problemsAfter(
      'briefing: { zh-CN: 向乙科申请编号。, en: Ask desk B for the codes. }',
      'briefing: { zh-CN: 向乙科申请编号。 }',
    );
    expect(problem).toMatch(/^exercises\/two-desks\.yaml: roles\[0\]\.briefing\.en: missing English text: .* \(line 10\)$/);
  });

  it('names a misspelt key', () => {
    const problems = problemsAfter('    points: 5\n', '    pionts: 5\n');
    const line = lineOf(FIXTURE, '    points: 5');
    expect(problems).toEqual([
      `${FILE}: actions[0].points: missing: this field is required (number) (line ${lineOf(FIXTURE, '  - id: fix')})`,
      `${FILE}: actions[0].pionts: unknown key "pionts": check the spelling or remove it (line ${line})`,
    ]);
  });

  it('refuses a table row with the wrong number of cells', () => {
    const [problem] = problemsAfter('[CODE-0001, OWNER-ONE]', '[CODE-0001]');
    expect(problem).toBe(
      `${FILE}: roles[1].private[0].rows[0]: row has 1 cells but the table has 2 columns: give one cell per column (line ${lineOf(FIXTURE, '[CODE-0001')})`,
    );
  });

  it('refuses a request to a role for data it does not hold, and a precondition no request can meet', () => {
    const problems = problemsAfter('    to: beta\n', '    to: alpha\n');
    expect(problems).toContain(
      `${FILE}: requests[0].from[0]: "alpha" would ask itself: a request goes to another role (line ${lineOf(FIXTURE, '    from: [alpha]')})`,
    );
    expect(problems.some((p) => p.startsWith(`${FILE}: requests[0].item: "ledger" belongs to "beta", not "alpha"`))).toBe(true);
    const unmet = problemsAfter('    item: ledger\n    phases', '    item: ledger-x\n    phases');
    expect(unmet).toEqual([
      `${FILE}: requests[0].item: no private item "ledger-x" (known: ledger) (line ${lineOf(FIXTURE, '    item: ledger\n    phases')})`,
      `${FILE}: actions[0].requires.received[0].item: "alpha" has no request that can deliver "ledger": add one to requests or drop this precondition (line ${lineOf(FIXTURE, '        - item: ledger')})`,
    ]);
  });

  it('refuses a duplicate id, an unknown variable and a request without a basis for its expected answer', () => {
    const problems = problemsAfter('    grantBases: [duty]\n', '    grantBases: []\n');
    expect(problems).toEqual([
      expect.stringContaining('requests[0].grantBases: the expected answer "grant" needs at least one legal basis'),
    ]);
    expect(problemsAfter('{ var: risk, set: 0 }', '{ var: danger, set: 0 }')).toEqual([
      expect.stringContaining(
        `actions[0].effects[0].var: no variable "danger" (known: risk) (line ${lineOf(FIXTURE, '{ var: risk')})`,
      ),
    ]);
    const dup = problemsAfter('  - id: beta\n', '  - id: alpha\n');
    expect(dup.join('\n')).toContain('roles[1].id: duplicate role id "alpha": ids must be unique');
  });

  it('reports YAML syntax errors with their line, and an id that does not match the file name', () => {
    // The unclosed bracket is noticed where the next line starts.
    const [syntax] = problemsAfter('  - id: start\n', '  - id: [start\n');
    expect(syntax).toMatch(
      new RegExp(`^${FILE}: \\(file\\): YAML syntax error at line ${lineOf(FIXTURE, '  - id: start') + 1}, column \\d+: `),
    );
    const result = parseExerciseText(FIXTURE, 'exercises/other.yaml', 'other');
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      '"two-desks" does not match the file name "other.yaml": rename one so they agree (line 3)',
    ]);
  });
});

describe('docs/authoring.md', () => {
  it('holds an exercise course file that the check accepts', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/authoring.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Exercises'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toContain('format: exercise');
    const result = parseExerciseCourseText(example!, 'courses/joint-exercises/course.yaml', 'joint-exercises');
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});

describe('courses of exercises on disk', () => {
  const root = resolve(import.meta.dirname, '../..');

  it('the joint-exercises course loads, and stays out of the solo courses', () => {
    const report = loadExerciseCourses(join(root, 'courses'), root);
    expect(formatFailures(report.failures)).toEqual([]);
    expect(report.courses.map((c) => [c.id, c.exercises.map((e) => e.file)])).toEqual([
      [
        'joint-exercises',
        [
          'courses/joint-exercises/exercises/resident-data-leak.yaml',
          'courses/joint-exercises/exercises/allowance-auto-refusals.yaml',
        ],
      ],
    ]);
    const solo = loadCourses(join(root, 'courses'), root);
    expect(solo.courses.map((c) => c.id)).toEqual(['algorithm-ethics', 'data-security', 'governance']);
    expect(solo.failures).toEqual([]);
    expect(solo.exerciseCourseFiles).toEqual([join(root, 'courses/joint-exercises/course.yaml')]);
  });

  it('names the file of a broken exercise and a listed exercise with no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exercises-'));
    mkdirSync(join(dir, 'courses/drill/exercises'), { recursive: true });
    writeFileSync(
      join(dir, 'courses/drill/course.yaml'),
      [
        'schemaVersion: 1',
        'format: exercise',
        'id: drill',
        'version: "1.0.0"',
        'title: { zh-CN: 演练, en: Drill }',
        'summary: { zh-CN: 演练, en: Drill }',
        'exercises: [two-desks, missing-one]',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'courses/drill/exercises/two-desks.yaml'), FIXTURE.replace('    role: alpha\n', '    role: gamma\n'));
    const report = loadExerciseCourses(join(dir, 'courses'), dir);
    expect(formatFailures(report.failures)).toEqual([
      'courses/drill/course.yaml: exercises[1]: no file exercises/missing-one.yaml beside the course file: add it or remove "missing-one" (line 7)',
    ]);
    writeFileSync(
      join(dir, 'courses/drill/course.yaml'),
      readFileSync(join(dir, 'courses/drill/course.yaml'), 'utf8').replace(', missing-one', ''),
    );
    expect(formatFailures(loadExerciseCourses(join(dir, 'courses'), dir).failures)).toEqual([
      `courses/drill/exercises/two-desks.yaml: actions[0].role: no role "gamma" (known: alpha, beta) (line ${lineOf(FIXTURE, '    role: alpha')})`,
      expect.stringContaining('courses/drill/exercises/two-desks.yaml: roles[0]: role "alpha" can earn no points'),
    ]);
    expect(loadCourses(join(dir, 'courses'), dir)).toMatchObject({ courses: [], failures: [] });
  });
});
