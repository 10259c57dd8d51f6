// A course problem names the file, the field and the fix. Paths print the way authors read
// YAML: scenes[2].steps[0].options[3].next.

export type PathSegment = string | number;

export interface CourseProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(file)' : out;
}

export function formatProblem(file: string, problem: CourseProblem): string {
  return `${file}: ${formatPath(problem.path)}: ${problem.message}`;
}

/** Lists known ids compactly: "n1…n8" for a numbered run, else the first few names. */
export function describeKnown(ids: readonly string[]): string {
  if (ids.length === 0) return 'none declared';
  const match = ids.map((i) => /^(.*?)(\d+)$/.exec(i));
  const first = match[0];
  if (ids.length > 2 && first && match.every((m, index) => m && m[1] === first[1] && Number(m[2]) === Number(first[2]) + index)) {
    return `${ids[0]}…${ids[ids.length - 1]}`;
  }
  const shown = ids.slice(0, 8).join(', ');
  return ids.length > 8 ? `${shown}, … ${ids.length - 8} more` : shown;
}

export class CourseError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly CourseProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'CourseError';
  }
}
