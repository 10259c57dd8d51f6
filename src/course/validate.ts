// Validates a parsed course: shape (zod, strict), then meaning — unique ids, every reference
// resolved, every dialogue path ends, a positive maximum score. Pure: runs in Node and the browser.
import type { z } from 'zod';
import { analyzeDialogue, END } from './dialogue-graph.ts';
import { stepMaxPoints } from './max-score.ts';
import { parseNumericCsv } from './csv.ts';
import { migrateCourse } from './migrations.ts';
import { describeKnown, type CourseProblem, type PathSegment } from './problems.ts';
import { courseSchema, DATASET_PATH, LOCALES, type Course, type Hotspot, type Scene, type Step } from './schema.ts';

export type ValidationResult = { ok: true; course: Course; migrations: readonly string[] } | { ok: false; problems: CourseProblem[] };

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
    const steps = scene && typeof scene === 'object' && Array.isArray((scene as Record<string, unknown>)['steps']) ? ((scene as Record<string, unknown>)['steps'] as unknown[]) : [];
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

function zodIssueToProblem(issue: z.core.$ZodIssue): CourseProblem {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const last = path[path.length - 1];
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    if (typeof last === 'string' && (LOCALES as readonly string[]).includes(last)) {
      return { path, message: `missing ${last === 'en' ? 'English' : 'Chinese'} text: every learner-visible string needs both zh-CN and en` };
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
    return { path: where, message: `unknown ${issue.discriminator} ${JSON.stringify((issue.input as Record<string, unknown> | undefined)?.[issue.discriminator])}: use one of ${allowed}` };
  }
  if (issue.code === 'invalid_value') {
    return { path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}` };
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

type Report = (path: PathSegment[], message: string) => void;

function checkUnique(items: readonly { id: string }[], path: PathSegment[], what: string, report: Report): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) report([...path, i, 'id'], `duplicate ${what} id "${item.id}": ids must be unique`);
    seen.add(item.id);
  });
  return seen;
}

function checkRef(id: string, known: ReadonlySet<string>, path: PathSegment[], what: string, report: Report): void {
  if (!known.has(id)) report(path, `no ${what} "${id}" (known: ${describeKnown([...known])})`);
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

function checkScene(scene: Scene, path: PathSegment[], dimensions: ReadonlySet<string>, options: ValidateOptions, report: Report): void {
  const props = checkUnique(scene.props, [...path, 'props'], 'prop', report);
  const stations = checkUnique(scene.stations, [...path, 'stations'], 'station', report);
  checkUnique(scene.steps, [...path, 'steps'], 'step', report);
  scene.props.forEach((prop, p) => {
    if (prop.kind === 'model' && options.assetExists && !options.assetExists(prop.src)) {
      report([...path, 'props', p, 'src'], `file "${prop.src}" not found in the course folder: add it or fix the path`);
    }
  });
  scene.steps.forEach((step, i) => {
    const stepPath = [...path, 'steps', i];
    if (step.station !== undefined) checkRef(step.station, stations, [...stepPath, 'station'], 'station', report);
    if (step.dimension !== undefined) checkRef(step.dimension, dimensions, [...stepPath, 'dimension'], 'dimension', report);
    checkStep(step, stepPath, props, report);
    if (stepMaxPoints(step) <= 0) {
      report([...stepPath], 'the step can give no points: give at least one answer positive points');
    }
  });
}

function checkStep(step: Step, path: PathSegment[], props: ReadonlySet<string>, report: Report): void {
  switch (step.type) {
    case 'inspect': {
      checkUnique(step.hotspots, [...path, 'hotspots'], 'hotspot', report);
      const propsUsed = new Set<string>();
      step.hotspots.forEach((h, i) => {
        const hp = [...path, 'hotspots', i];
        checkRef(h.prop, props, [...hp, 'prop'], 'prop', report);
        if (propsUsed.has(h.prop)) report([...hp, 'prop'], `prop "${h.prop}" already has a hotspot in this step: one hotspot per prop`);
        propsUsed.add(h.prop);
        if (h.hazard) checkHazard(h, hp, report);
        else checkDecoy(h, hp, report);
        if (h.fixes) checkUnique(h.fixes, [...hp, 'fixes'], 'fix', report);
      });
      if (!step.hotspots.some((h) => h.hazard)) report([...path, 'hotspots'], 'an inspect step needs at least one hazard');
      return;
    }
    case 'choice':
      checkUnique(step.options, [...path, 'options'], 'option', report);
      if (step.prop !== undefined) checkRef(step.prop, props, [...path, 'prop'], 'prop', report);
      return;
    case 'classify': {
      const bins = checkUnique(step.bins, [...path, 'bins'], 'bin', report);
      checkUnique(step.items, [...path, 'items'], 'item', report);
      step.items.forEach((item, i) => {
        checkRef(item.bin, bins, [...path, 'items', i, 'bin'], 'bin', report);
        for (const [bin, points] of Object.entries(item.partial ?? {})) {
          checkRef(bin, bins, [...path, 'items', i, 'partial', bin], 'bin', report);
          if (bin === item.bin) report([...path, 'items', i, 'partial', bin], 'the correct bin already earns full points: remove it from partial');
          if (points >= item.points) report([...path, 'items', i, 'partial', bin], `partial credit ${points} must be less than the item's ${item.points} points`);
        }
      });
      return;
    }
    case 'sequence':
      checkUnique(step.items, [...path, 'items'], 'item', report);
      return;
    case 'lab':
      checkLab(step, path, report);
      return;
    case 'timed': {
      const actions = checkUnique(step.actions, [...path, 'actions'], 'action', report);
      step.deadlines?.forEach((d, k) => checkRef(d.action, actions, [...path, 'deadlines', k, 'action'], 'action', report));
      step.outcomes.forEach((o, k) => {
        const prev = step.outcomes[k - 1];
        if (prev && o.max <= prev.max) report([...path, 'outcomes', k, 'max'], `outcomes go from the best (lowest max) to the worst: ${o.max} must be above ${prev.max}`);
      });
      return;
    }
    case 'dialogue': {
      // Reference errors make path analysis meaningless, so it runs only when the graph is sound.
      let broken = false;
      const outer = report;
      report = (p, m) => {
        broken = true;
        outer(p, m);
      };
      const nodes = checkUnique(step.nodes, [...path, 'nodes'], 'node', report);
      if (nodes.has(END)) report([...path, 'nodes'], `"${END}" is reserved for "the conversation ends": rename that node`);
      const known = new Set([...nodes, END]);
      checkRef(step.start, nodes, [...path, 'start'], 'node', report);
      const variables = new Set(Object.keys(step.variables ?? {}));
      step.nodes.forEach((node, n) => {
        const np = [...path, 'nodes', n];
        const hasOptions = (node.options?.length ?? 0) > 0;
        if (node.end && (hasOptions || node.route)) report(np, 'an ending (end: true) cannot have options or routes');
        if (hasOptions && node.route) report([...np, 'route'], 'a node either waits for a reply (options) or routes on variables (route), not both');
        if (!node.end && !hasOptions && !node.route) report(np, 'this node has no options, no route and is not an ending: add options, a route, or end: true');
        node.options?.forEach((o, k) => {
          checkRef(o.next, known, [...np, 'options', k, 'next'], 'node', report);
          for (const name of Object.keys(o.effects ?? {})) checkRef(name, variables, [...np, 'options', k, 'effects', name], 'variable', report);
        });
        if (node.options) checkUnique(node.options, [...np, 'options'], 'option', report);
        node.route?.forEach((r, k) => {
          checkRef(r.next, known, [...np, 'route', k, 'next'], 'node', report);
          if (r.if) checkRef(r.if.var, variables, [...np, 'route', k, 'if', 'var'], 'variable', report);
        });
      });
      if (broken) return;
      const analysis = analyzeDialogue(step, path);
      analysis.problems.forEach((p) => report(p.path, p.message));
      step.nodes.forEach((node, n) => {
        if (!analysis.reachable.has(node.id)) report([...path, 'nodes', n], `node "${node.id}" can never be reached from "${step.start}": link to it or remove it`);
      });
      return;
    }
  }
}

function checkHazard(h: Hotspot, path: PathSegment[], report: Report): void {
  if (!h.fixes?.length) report([...path, 'fixes'], 'a hazard needs at least two fixes to choose from');
  else if (h.fixes.length < 2) report([...path, 'fixes'], 'a hazard needs at least two fixes to choose from, so the choice means something');
  if (h.penalty) report([...path, 'penalty'], 'penalty applies to decoys only');
}

/** A decoy must look like a hazard everywhere the learner can see it, so it needs fixes too, none rewarded. */
function checkDecoy(h: Hotspot, path: PathSegment[], report: Report): void {
  if ((h.fixes?.length ?? 0) < 2) report([...path, 'fixes'], 'a decoy needs at least 2 fix options like a hazard, or the public view reveals it is a decoy');
  h.fixes?.forEach((f, k) => {
    if (f.points !== 0) report([...path, 'fixes', k, 'points'], `a decoy's fix earns nothing (flagging a decoy costs its penalty): use points: 0 and say in the feedback why the action is not needed`);
  });
  if (h.findPoints) report([...path, 'findPoints'], 'a decoy earns no points for being found: use penalty instead');
}

function checkLab(step: Extract<Step, { type: 'lab' }>, path: PathSegment[], report: Report): void {
  checkUnique(step.features, [...path, 'features'], 'feature', report);
  checkUnique(step.questions, [...path, 'questions'], 'question', report);
  step.questions.forEach((q, k) => checkUnique(q.options, [...path, 'questions', k, 'options'], 'option', report));
  const [min, max] = step.thresholdRange;
  if (!(min <= step.threshold && step.threshold <= max)) report([...path, 'threshold'], `${step.threshold} is outside thresholdRange ${min}–${max}`);
  const data = step.data;
  if (!data) {
    report([...path, step.dataset ? 'dataset' : 'data'], 'no data: give dataset: assets/<file>.csv (a header row, then numbers) or inline data');
    return;
  }
  const source = step.dataset ?? 'data';
  const columns = new Set(data.columns);
  const known = data.columns.join(', ');
  const column = (name: string, where: PathSegment[]) => {
    if (!columns.has(name)) report(where, `no column "${name}" in ${source} (columns: ${known})`);
    return data.columns.indexOf(name);
  };
  const group = column(step.groupColumn, [...path, 'groupColumn']);
  const outcome = column(step.outcomeColumn, [...path, 'outcomeColumn']);
  const features = step.features.map((f, k) => ({ f, index: column(f.column, [...path, 'features', k, 'column']) }));
  const rowProblem = (rowIndex: number, message: string) => report([...path, step.dataset ? 'dataset' : 'data'], `${source}, data row ${rowIndex + 1}: ${message}`);
  const groupValues = new Set(step.groups.map((g) => g.value));
  for (const [r, row] of data.rows.entries()) {
    if (row.length !== data.columns.length) return rowProblem(r, `${row.length} values for ${data.columns.length} columns`);
    if (outcome >= 0 && row[outcome] !== 0 && row[outcome] !== 1) return rowProblem(r, `${step.outcomeColumn} must be 0 or 1, got ${row[outcome]}`);
    if (group >= 0 && !groupValues.has(row[group]!)) return rowProblem(r, `${step.groupColumn} is ${row[group]}, which no group declares (groups: ${[...groupValues].join(', ')})`);
    for (const { f, index } of features) {
      const v = row[index];
      if (index >= 0 && (v === undefined || v < 0 || v > 1)) return rowProblem(r, `feature column ${f.column} must be between 0 and 1, got ${v}`);
    }
  }
  step.groups.forEach((g, k) => {
    if (group >= 0 && !data.rows.some((row) => row[group] === g.value)) report([...path, 'groups', k, 'value'], `no row of ${source} is in group ${g.value}`);
  });
}
