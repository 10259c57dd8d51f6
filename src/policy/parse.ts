// Turns policy file text (YAML) into a validated policy file, or problems that name the field, the
// fix and the line. Pure: no file system, so an admin page can check an edit before saving it.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { formatProblem, type CourseProblem, type PathSegment } from '../course/problems.ts';
import type { PolicyFile } from './schema.ts';
import { validatePolicy, type PolicyValidateOptions, type PolicyValidation } from './validate.ts';

export const POLICY_FILE = 'config/training-policy.yaml';

export function parsePolicyText(text: string, options: PolicyValidateOptions = {}): PolicyValidation {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: [], message: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const result = validatePolicy(doc.toJS({ maxAliasCount: 100 }), options);
  if (result.ok) return result;
  return { ok: false, problems: result.problems.map((p) => withLine(p, doc, lineCounter)) };
}

/** A policy file that failed to validate: the message lists every problem, one a line. */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly CourseProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'PolicyError';
  }
}

/** Parses and validates, or throws a PolicyError naming `fileName`. */
export function parsePolicyOrThrow(text: string, fileName: string = POLICY_FILE, options: PolicyValidateOptions = {}): PolicyFile {
  const result = parsePolicyText(text, options);
  if (!result.ok) throw new PolicyError(fileName, result.problems);
  return result.file;
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
