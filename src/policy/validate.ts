// Validates a parsed training policy: shape (zod, strict), then meaning — real dates, periods that
// end after they start, unique ids and versions, ranks and courses that exist. Pure.
import type { z } from 'zod';
import { describeKnown, type CourseProblem, type PathSegment } from '../course/problems.ts';
import { LOCALES } from '../course/schema.ts';
import { policyFileSchema, type Policy, type PolicyFile } from './schema.ts';

export type PolicyValidation = { ok: true; file: PolicyFile } | { ok: false; problems: CourseProblem[] };

export interface PolicyValidateOptions {
  /** Course ids that exist; when given, the current version may name only these. */
  readonly knownCourseIds?: readonly string[];
}

export function validatePolicy(raw: unknown, options: PolicyValidateOptions = {}): PolicyValidation {
  const parsed = policyFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(zodIssueToProblem) };
  const problems: CourseProblem[] = [];
  const file = parsed.data;
  checkVersion(file, [], options.knownCourseIds, problems);
  const versions = new Set([file.version]);
  file.history?.forEach((old, i) => {
    // Older versions may name courses since retired, so only their own consistency is checked.
    checkVersion(old, ['history', i], undefined, problems);
    if (versions.has(old.version))
      problems.push({
        path: ['history', i, 'version'],
        message: `version "${old.version}" is used twice: every version needs its own name`,
      });
    versions.add(old.version);
  });
  return problems.length ? { ok: false, problems } : { ok: true, file };
}

/** Earlier versions kept in the file, by name, so a report made under one can be re-run. */
export function policyVersion(file: PolicyFile, version: string = file.version): Policy | undefined {
  if (version === file.version) {
    const { history: _history, ...current } = file;
    return current;
  }
  return file.history?.find((p) => p.version === version);
}

/** Whether "YYYY-MM-DD" names a real calendar day. */
export function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

function checkVersion(
  policy: Policy,
  base: PathSegment[],
  knownCourseIds: readonly string[] | undefined,
  problems: CourseProblem[],
): void {
  const report = (path: PathSegment[], message: string) => problems.push({ path: [...base, ...path], message });
  if (!isCalendarDate(policy.adopted)) report(['adopted'], `"${policy.adopted}" is not a calendar date`);
  const periodIds = new Set<string>();
  policy.periods.forEach((period, i) => {
    if (periodIds.has(period.id)) report(['periods', i, 'id'], `duplicate period id "${period.id}": ids must be unique`);
    periodIds.add(period.id);
    const startOk = isCalendarDate(period.start);
    const endOk = isCalendarDate(period.end);
    if (!startOk) report(['periods', i, 'start'], `"${period.start}" is not a calendar date`);
    if (!endOk) report(['periods', i, 'end'], `"${period.end}" is not a calendar date`);
    if (startOk && endOk && period.end < period.start)
      report(['periods', i, 'end'], `the period ends (${period.end}) before it starts (${period.start}): swap them`);
  });
  const ranks = new Set<string>();
  policy.ranks.forEach((rank, i) => {
    if (ranks.has(rank.name)) report(['ranks', i, 'name'], `duplicate rank "${rank.name}": list each rank once`);
    ranks.add(rank.name);
  });
  const checkRank = (rank: string, path: PathSegment[]) => {
    if (!ranks.has(rank))
      report(path, `no rank "${rank}" in ranks (known: ${describeKnown([...ranks])}): add it there or fix the spelling`);
  };
  const departments = policy.departments ? new Set<string>() : undefined;
  policy.departments?.forEach((department, i) => {
    if (departments!.has(department.name))
      report(['departments', i, 'name'], `duplicate department "${department.name}": list each department once`);
    departments!.add(department.name);
  });
  const checkDepartment = (department: string, path: PathSegment[]) => {
    if (departments && !departments.has(department))
      report(
        path,
        `no department "${department}" in departments (known: ${describeKnown([...departments])}): add it there or fix the spelling`,
      );
  };
  const known = knownCourseIds ? new Set(knownCourseIds) : undefined;
  const checkCourse = (id: string, path: PathSegment[]) => {
    if (known && !known.has(id)) report(path, `no course "${id}" (known: ${describeKnown([...known])})`);
  };
  for (const rank of Object.keys(policy.creditHoursByRank.byRank ?? {})) checkRank(rank, ['creditHoursByRank', 'byRank', rank]);
  policy.requiredCourses.forEach((rule, i) => {
    rule.courses.forEach((id, k) => checkCourse(id, ['requiredCourses', i, 'courses', k]));
    rule.ranks?.forEach((rank, k) => checkRank(rank, ['requiredCourses', i, 'ranks', k]));
    rule.departments?.forEach((department, k) => checkDepartment(department, ['requiredCourses', i, 'departments', k]));
  });
  policy.requiredExercises?.forEach((rule, i) => {
    rule.ranks?.forEach((rank, k) => checkRank(rank, ['requiredExercises', i, 'ranks', k]));
    rule.departments?.forEach((department, k) => checkDepartment(department, ['requiredExercises', i, 'departments', k]));
  });
  for (const id of Object.keys(policy.minimumScore.byCourse ?? {})) checkCourse(id, ['minimumScore', 'byCourse', id]);
  for (const id of Object.keys(policy.recertification?.validMonths ?? {}))
    checkCourse(id, ['recertification', 'validMonths', id]);
  const honourIds = new Set<string>();
  policy.honours?.forEach((honour, i) => {
    if (honourIds.has(honour.id))
      report(['honours', i, 'id'], `duplicate honour id "${honour.id}": every honour needs its own id`);
    honourIds.add(honour.id);
    honour.periods?.forEach((id, k) => {
      if (!periodIds.has(id))
        report(['honours', i, 'periods', k], `no period "${id}" in periods (known: ${describeKnown([...periodIds])})`);
    });
  });
}

function zodIssueToProblem(issue: z.core.$ZodIssue): CourseProblem {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const last = path[path.length - 1];
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    if (typeof last === 'string' && (LOCALES as readonly string[]).includes(last)) {
      return { path, message: `missing ${last === 'en' ? 'English' : 'Chinese'} text: every label needs both zh-CN and en` };
    }
    return { path, message: `missing: this field is required (${issue.expected})` };
  }
  if (issue.code === 'invalid_value' && issue.input === undefined) {
    return { path, message: `missing: add one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  if (issue.code === 'unrecognized_keys') {
    return {
      path: [...path, issue.keys[0] ?? ''],
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling or remove ${issue.keys.length > 1 ? 'them' : 'it'}`,
    };
  }
  if (issue.code === 'invalid_value') {
    return {
      path,
      message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}`,
    };
  }
  if (issue.code === 'invalid_type') {
    const input: unknown = issue.input;
    const got =
      input === null
        ? 'null'
        : Array.isArray(input)
          ? 'a list'
          : typeof input === 'object'
            ? 'a mapping'
            : `${typeof input} ${JSON.stringify(input)}`;
    return { path, message: `expected ${issue.expected}, got ${got}` };
  }
  return { path, message: issue.message };
}
