// Validates a parsed exercise: shape (zod, strict), then meaning — unique ids, every reference
// resolved (roles, phases, actions, tables and their columns, legal bases, variables), requests
// that can be answered, actions whose preconditions can be met. Pure: runs in Node and the browser.
import type { CourseProblem, PathSegment } from '../course/problems.ts';
import { checkRef, checkUnique, type Report } from '../course/step-format.ts';
import { zodIssueToProblem } from '../course/validate.ts';
import {
  exerciseCourseSchema,
  exerciseSchema,
  type Effect,
  type Exercise,
  type ExerciseCourse,
  type TableItem,
} from './schema.ts';

export type ExerciseValidation = { ok: true; exercise: Exercise } | { ok: false; problems: CourseProblem[] };
export type ExerciseCourseValidation = { ok: true; course: ExerciseCourse } | { ok: false; problems: CourseProblem[] };

/**
 * Validates a course file of exercises. `exerciseFiles` (Node passes a folder listing) says how many
 * files exercises/<id>.{yaml,yml,json} exist for an id: exactly one must.
 */
export function validateExerciseCourse(
  raw: unknown,
  expectedId?: string,
  exerciseFiles?: (exerciseId: string) => number,
): ExerciseCourseValidation {
  const parsed = exerciseCourseSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(zodIssueToProblem) };
  const problems: CourseProblem[] = [];
  if (expectedId !== undefined && parsed.data.id !== expectedId) {
    problems.push({
      path: ['id'],
      message: `"${parsed.data.id}" does not match the folder name "${expectedId}": rename one so they agree`,
    });
  }
  const seen = new Set<string>();
  parsed.data.exercises.forEach((e, i) => {
    if (seen.has(e)) problems.push({ path: ['exercises', i], message: `duplicate exercise "${e}": list each exercise once` });
    seen.add(e);
    const files = exerciseFiles?.(e);
    if (files === 0) {
      problems.push({
        path: ['exercises', i],
        message: `no file exercises/${e}.yaml beside the course file: add it or remove "${e}"`,
      });
    } else if (files !== undefined && files > 1) {
      problems.push({ path: ['exercises', i], message: `more than one file for "${e}" in exercises/: keep one` });
    }
  });
  return problems.length ? { ok: false, problems } : { ok: true, course: parsed.data };
}

export function validateExercise(raw: unknown, expectedId?: string): ExerciseValidation {
  const parsed = exerciseSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(zodIssueToProblem) };
  const problems: CourseProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  const ex = parsed.data;
  if (expectedId !== undefined && ex.id !== expectedId) {
    report(['id'], `"${ex.id}" does not match the file name "${expectedId}.yaml": rename one so they agree`);
  }
  checkMeaning(ex, report);
  return problems.length ? { ok: false, problems } : { ok: true, exercise: ex };
}

function checkMeaning(ex: Exercise, report: Report): void {
  const roles = checkUnique(ex.roles, ['roles'], 'role', report);
  if (roles.has('trainer') || roles.has('all')) {
    report(
      ['roles', ex.roles.findIndex((r) => r.id === 'trainer' || r.id === 'all'), 'id'],
      '"trainer" and "all" are reserved: name the role otherwise',
    );
  }
  checkUnique(ex.board, ['board'], 'board item', report);
  const phases = checkUnique(ex.phases, ['phases'], 'phase', report);
  const vars = checkUnique(ex.variables, ['variables'], 'variable', report);
  const bases = checkUnique(ex.legalBases, ['legalBases'], 'legal basis', report);
  const actions = checkUnique(ex.actions, ['actions'], 'action', report);
  checkUnique(ex.requests, ['requests'], 'request', report);
  checkUnique(ex.injects, ['injects'], 'inject', report);
  checkUnique(ex.outcomes, ['outcomes'], 'outcome', report);

  const items = new Map<string, { owner: string; item: (typeof ex.roles)[number]['private'][number] }>();
  ex.roles.forEach((role, r) =>
    role.private.forEach((item, i) => {
      if (items.has(item.id))
        report(['roles', r, 'private', i, 'id'], `duplicate private item id "${item.id}": ids must be unique in the exercise`);
      items.set(item.id, { owner: role.id, item });
      if (item.kind === 'table') checkTable(item, ['roles', r, 'private', i], report);
    }),
  );

  const checkEffects = (effects: readonly Effect[], path: PathSegment[]): void =>
    effects.forEach((e, i) => {
      checkRef(e.var, vars, [...path, i, 'var'], 'variable', report);
      e.unless.forEach((u, j) => checkRef(u, actions, [...path, i, 'unless', j], 'action', report));
    });
  const checkPhases = (list: readonly string[], path: PathSegment[]): void =>
    list.forEach((p, i) => checkRef(p, phases, [...path, i], 'phase', report));

  ex.variables.forEach((v, i) => {
    if (v.max !== undefined && v.max < v.min) report(['variables', i, 'max'], `max ${v.max} is below min ${v.min}: raise max`);
  });

  // Which tables each role can receive, and which columns: through the requests it may send.
  const deliverable = new Map<string, Set<string>>();
  ex.requests.forEach((req, q) => {
    const path: PathSegment[] = ['requests', q];
    checkRef(req.to, roles, [...path, 'to'], 'role', report);
    req.from.forEach((f, i) => {
      checkRef(f, roles, [...path, 'from', i], 'role', report);
      if (f === req.to) report([...path, 'from', i], `"${f}" would ask itself: a request goes to another role`);
    });
    checkPhases(req.phases, [...path, 'phases']);
    const found = items.get(req.item);
    if (!found)
      report([...path, 'item'], `no private item "${req.item}" (known: ${[...items.keys()].join(', ') || 'none declared'})`);
    else if (found.owner !== req.to)
      report([...path, 'item'], `"${req.item}" belongs to "${found.owner}", not "${req.to}": a role answers for its own data`);
    else if (found.item.kind !== 'table')
      report([...path, 'item'], `"${req.item}" is a ${found.item.kind}: requests ask for a table's columns`);
    else {
      const columns = new Set(found.item.columns.map((c) => c.id));
      req.needed.forEach((f, i) => checkRef(f, columns, [...path, 'needed', i], `column of "${req.item}"`, report));
      for (const from of req.from) {
        const set = deliverable.get(`${from}/${req.item}`) ?? new Set<string>();
        for (const c of columns) set.add(c);
        deliverable.set(`${from}/${req.item}`, set);
      }
    }
    req.grantBases.forEach((b, i) => checkRef(b, bases, [...path, 'grantBases', i], 'legal basis', report));
    req.refuseBases.forEach((b, i) => checkRef(b, bases, [...path, 'refuseBases', i], 'legal basis', report));
    const fitting = req.expected === 'grant' ? req.grantBases : req.refuseBases;
    if (fitting.length === 0) {
      report(
        [...path, req.expected === 'grant' ? 'grantBases' : 'refuseBases'],
        `the expected answer "${req.expected}" needs at least one legal basis: list the ids that justify it`,
      );
    }
    checkEffects(req.effects, [...path, 'effects']);
  });

  ex.actions.forEach((action, a) => {
    const path: PathSegment[] = ['actions', a];
    checkRef(action.role, roles, [...path, 'role'], 'role', report);
    checkPhases(action.phases, [...path, 'phases']);
    checkEffects(action.effects, [...path, 'effects']);
    const req = action.requires;
    if (!req) return;
    req.done.forEach((d, i) => {
      checkRef(d, actions, [...path, 'requires', 'done', i], 'action', report);
      if (d === action.id) report([...path, 'requires', 'done', i], `"${d}" requires itself: it could never be taken`);
    });
    req.vars.forEach((c, i) => checkRef(c.var, vars, [...path, 'requires', 'vars', i, 'var'], 'variable', report));
    if (!roles.has(action.role)) return; // what it may receive depends on its role
    req.received.forEach((r, i) => {
      const where: PathSegment[] = [...path, 'requires', 'received', i];
      const found = items.get(r.item);
      if (!found)
        return report(
          [...where, 'item'],
          `no private item "${r.item}" (known: ${[...items.keys()].join(', ') || 'none declared'})`,
        );
      if (found.owner === action.role)
        return report([...where, 'item'], `"${r.item}" is the role's own: require only what it must receive from another role`);
      const can = deliverable.get(`${action.role}/${r.item}`);
      if (!can)
        return report(
          [...where, 'item'],
          `"${action.role}" has no request that can deliver "${r.item}": add one to requests or drop this precondition`,
        );
      r.fields.forEach((f, j) => checkRef(f, can, [...where, 'fields', j], `column of "${r.item}"`, report));
    });
  });

  ex.injects.forEach((inj, i) => checkEffects(inj.effects, ['injects', i, 'effects']));
  ex.outcomes.forEach((o, i) => {
    o.when.forEach((c, j) => checkRef(c.var, vars, ['outcomes', i, 'when', j, 'var'], 'variable', report));
    o.done.forEach((d, j) => checkRef(d, actions, ['outcomes', i, 'done', j], 'action', report));
  });
  ex.roles.forEach((role, r) => {
    if (!ex.actions.some((a) => a.role === role.id && a.points > 0) && !ex.requests.some((q) => q.to === role.id)) {
      report(['roles', r], `role "${role.id}" can earn no points: give it an action with positive points or a request to answer`);
    }
  });
}

function checkTable(item: TableItem, path: PathSegment[], report: Report): void {
  checkUnique(item.columns, [...path, 'columns'], 'column', report);
  item.rows.forEach((row, i) => {
    if (row.length !== item.columns.length) {
      report(
        [...path, 'rows', i],
        `row has ${row.length} cells but the table has ${item.columns.length} columns: give one cell per column`,
      );
    }
  });
}
