// Turns course file text (YAML or JSON) into a validated course, or problems that name the
// field, the fix and — for YAML — the line. Pure: no file system, so the browser can use it too.
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { CourseProblem, PathSegment } from './problems.ts';
import { validateCourse, type ValidateOptions, type ValidationResult } from './validate.ts';

/**
 * Parses YAML (or JSON) text and validates what it holds with `validate`; syntax errors and
 * validation problems come back as problems, the latter with the line of the field they name.
 * Courses and the training policy both read their files through it.
 */
export function parseValidatedYaml<R extends { ok: true } | { ok: false; problems: CourseProblem[] }>(
  text: string,
  syntax: 'YAML' | 'JSON',
  validate: (raw: unknown) => R,
): R | { ok: false; problems: CourseProblem[] } {
  const lineCounter = new LineCounter();
  // JSON is valid YAML 1.2, so one parser reads both and reports positions for both.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          path: [],
          message: `${syntax} syntax error at line ${pos.line}, column ${pos.col}: ${e.message.split('\n')[0]}`,
        };
      }),
    };
  }
  const result = validate(doc.toJS({ maxAliasCount: 100 }));
  if (result.ok) return result;
  return { ok: false, problems: result.problems.map((p) => withLine(p, doc, lineCounter)) };
}

/**
 * Whether a course file declares `format: exercise` (a course of joint exercises, with its own
 * format in src/exercise). A file that does not parse is not one: the course reader reports it.
 */
export function declaresExerciseFormat(text: string): boolean {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.length === 0 && isMap(doc.contents) && doc.get('format') === 'exercise';
}

export function parseCourseText(text: string, fileName: string, options: ValidateOptions = {}): ValidationResult {
  return parseValidatedYaml(text, fileName.endsWith('.json') ? 'JSON' : 'YAML', (raw) => validateCourse(raw, options));
}

function withLine(problem: CourseProblem, doc: Document, lineCounter: LineCounter): CourseProblem {
  // Walk up the path until a node exists (a missing field points at its parent).
  for (let n = problem.path.length; n >= 0; n--) {
    const node = doc.getIn(problem.path.slice(0, n) as PathSegment[], true);
    if (isNode(node) && node.range) {
      const { line } = lineCounter.linePos(node.range[0]);
      return { ...problem, message: `${problem.message} (line ${line})` };
    }
  }
  return problem;
}
