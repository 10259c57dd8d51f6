// Validates a parsed course: shape (zod, strict), then meaning — unique ids, every reference
// resolved, every dialogue path ends, a positive maximum score. Each step kind checks its own steps
// (src/course/steps/<kind>.ts). Pure: runs in Node and the browser.
import type { z } from 'zod';
import { checkScenePronouns } from './characters.ts';
import { stepMaxPoints } from './max-score.ts';
import { parseNumericCsv } from './csv.ts';
import { migrateCourse } from './migrations.ts';
import type { CourseProblem, PathSegment } from './problems.ts';
import { courseSchema, DATASET_PATH, LOCALES, type Course, type Scene } from './schema.ts';
import { checkRef, checkUnique, type Report } from './step-format.ts';
import { formatOf } from './steps/index.ts';

export type ValidationResult =
  { ok: true; course: Course; migrations: readonly string[] } | { ok: false; problems: CourseProblem[] };

export interface ValidateOptions {
  /** The folder name the file lives in; the course id must match it. */
  readonly expectedId?: string;
  /** Checks that a course asset exists (Node passes a file check; the browser skips it). */
  readonly assetExists?: (relativePath: string) => boolean;
  /** Reads a course asset as text (Node only), to load lab datasets into the course. */
  readonly readAsset?: (relativePath: string) => string | undefined;
}

/** Fills each lab step's `data` from its `dataset` CSV, before the shape is checked. */
function loadDatasets(raw: Record<string, unknown>, options: ValidateOptions): CourseProblem[] {
  const problems: CourseProblem[] = [];
  const scenes = Array.isArray(raw['scenes']) ? (raw['scenes'] as unknown[]) : [];
  scenes.forEach((scene, s) => {
    const steps =
      scene && typeof scene === 'object' && Array.isArray((scene as Record<string, unknown>)['steps'])
        ? ((scene as Record<string, unknown>)['steps'] as unknown[])
        : [];
    steps.forEach((step, i) => {
      if (!step || typeof step !== 'object') return;
      const st = step as Record<string, unknown>;
      if (st['type'] !== 'lab' || typeof st['dataset'] !== 'string' || st['data'] !== undefined || !options.readAsset) return;
      const path: PathSegment[] = ['scenes', s, 'steps', i, 'dataset'];
      if (!DATASET_PATH.test(st['dataset'])) return; // the shape check reports the bad path
      const text = options.readAsset(st['dataset']);
      if (text === undefined) {
        problems.push({ path, message: `file "${st['dataset']}" not found in the course folder: add it or fix the path` });
        return;
      }
      const parsed = parseNumericCsv(text);
      if (parsed.ok) st['data'] = parsed.table;
      else problems.push({ path, message: `${st['dataset']}: ${parsed.message}` });
    });
  });
  return problems;
}

export function validateCourse(raw: unknown, options: ValidateOptions = {}): ValidationResult {
  const migrated = migrateCourse(raw);
  if (!migrated.ok) return migrated;
  const datasetProblems = loadDatasets(migrated.data, options);
  if (datasetProblems.length) return { ok: false, problems: datasetProblems };
  const parsed = courseSchema.safeParse(migrated.data, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(zodIssueToProblem) };
  const problems = checkMeaning(parsed.data, options);
  return problems.length ? { ok: false, problems } : { ok: true, course: parsed.data, migrations: migrated.applied };
}

/** Turns a zod issue into a problem an author can act on (also used by the exercise format). */
export function zodIssueToProblem(issue: z.core.$ZodIssue): CourseProblem {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const last = path[path.length - 1];
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    if (typeof last === 'string' && (LOCALES as readonly string[]).includes(last)) {
      return {
        path,
        message: `missing ${last === 'en' ? 'English' : 'Chinese'} text: every learner-visible string needs both zh-CN and en`,
      };
    }
    return { path, message: `missing: this field is required (${issue.expected})` };
  }
  if (issue.code === 'unrecognized_keys') {
    return {
      path: [...path, issue.keys[0] ?? ''],
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling or remove ${issue.keys.length > 1 ? 'them' : 'it'}`,
    };
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const allowed = [...issue.message.matchAll(/'([^']+)'/g)].map((m) => `"${m[1]}"`).join(', ');
    const where = last === issue.discriminator ? path : [...path, issue.discriminator];
    return {
      path: where,
      message: `unknown ${issue.discriminator} ${JSON.stringify((issue.input as Record<string, unknown> | undefined)?.[issue.discriminator])}: use one of ${allowed}`,
    };
  }
  if (issue.code === 'invalid_value') {
    return {
      path,
      message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}`,
    };
  }
  if (issue.code === 'invalid_type') {
    return { path, message: `expected ${issue.expected}, got ${describeValue(issue.input)}` };
  }
  return { path, message: issue.message };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function checkMeaning(course: Course, options: ValidateOptions): CourseProblem[] {
  const problems: CourseProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  if (options.expectedId !== undefined && course.id !== options.expectedId) {
    report(['id'], `"${course.id}" does not match the folder name "${options.expectedId}": rename one so they agree`);
  }
  const dimensions = checkUnique(course.dimensions ?? [], ['dimensions'], 'dimension', report);
  checkUnique(course.scenes, ['scenes'], 'scene', report);
  course.scenes.forEach((scene, s) => checkScene(scene, ['scenes', s], dimensions, options, report));
  return problems;
}

function checkScene(
  scene: Scene,
  path: PathSegment[],
  dimensions: ReadonlySet<string>,
  options: ValidateOptions,
  report: Report,
): void {
  const props = checkUnique(scene.props, [...path, 'props'], 'prop', report);
  const characters = checkUnique(scene.characters ?? [], [...path, 'characters'], 'character', report);
  const stations = checkUnique(scene.stations, [...path, 'stations'], 'station', report);
  checkUnique(scene.steps, [...path, 'steps'], 'step', report);
  scene.props.forEach((prop, p) => {
    if (prop.kind === 'model' && options.assetExists && !options.assetExists(prop.src)) {
      report([...path, 'props', p, 'src'], `file "${prop.src}" not found in the course folder: add it or fix the path`);
    }
    if (prop.kind === 'kit' && prop.character !== undefined) {
      if (prop.kit !== 'person')
        report([...path, 'props', p, 'character'], 'only a person (kit: person) can be a character: remove it');
      else checkRef(prop.character, characters, [...path, 'props', p, 'character'], 'character', report);
    }
  });
  for (const problem of checkScenePronouns(scene, scene.characters ?? [], path)) report([...problem.path], problem.message);
  scene.steps.forEach((step, i) => {
    const stepPath = [...path, 'steps', i];
    if (step.station !== undefined) checkRef(step.station, stations, [...stepPath, 'station'], 'station', report);
    if (step.dimension !== undefined) checkRef(step.dimension, dimensions, [...stepPath, 'dimension'], 'dimension', report);
    formatOf(step).check(step, stepPath, { props, characters }, report);
    if (stepMaxPoints(step) <= 0) {
      report([...stepPath], 'the step can give no points: give at least one answer positive points');
    }
  });
}
