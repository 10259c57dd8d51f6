// A checker of one cmi5 session's statements, written from the cmi5 spec's statement requirements
// (sections 9.3, 9.5, 9.6 and 10.0): order, required context, masteryScore and moveOn, one
// terminated and nothing from the AU after it. Tests read the LRS back and run it; it never throws.
import {
  CMI5_CATEGORY,
  CMI5_EXTENSIONS,
  CMI5_VERBS,
  MOVEON_CATEGORY,
  type Cmi5Verb,
  type LaunchMode,
  type MoveOn,
} from './cmi5.ts';

export interface SessionExpectation {
  readonly registration: string;
  readonly activityId: string;
  /** The launched actor's account name. */
  readonly actorAccount: string;
  readonly sessionId: string;
  readonly launchMode: LaunchMode;
  readonly moveOn: MoveOn;
  readonly masteryScore?: number;
}

type Loose = Record<string, unknown>;
const obj = (value: unknown): Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const VERB_BY_ID = new Map<string, Cmi5Verb>(Object.entries(CMI5_VERBS).map(([name, id]) => [id, name as Cmi5Verb]));
/** The statements the LMS sends; the rest of the vocabulary is the AU's. */
const LMS_VERBS: ReadonlySet<Cmi5Verb> = new Set(['launched', 'abandoned', 'waived', 'satisfied']);
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** The cmi5 verb of a statement, or null for a statement outside the cmi5 vocabulary. */
export function cmi5VerbOf(statement: unknown): Cmi5Verb | null {
  return VERB_BY_ID.get(String(obj(obj(statement)['verb'])['id'])) ?? null;
}

function categories(statement: Loose): string[] {
  return list(obj(obj(statement['context'])['contextActivities'])['category']).map((a) => String(obj(a)['id']));
}

/** Whether the moveOn criteria hold once `seen` verbs have arrived (cmi5 spec 10.0, moveOn). */
export function moveOnMet(moveOn: MoveOn, seen: ReadonlySet<Cmi5Verb>): boolean {
  const completed = seen.has('completed') || seen.has('waived');
  const passed = seen.has('passed') || seen.has('waived');
  switch (moveOn) {
    case 'NotApplicable':
      return true;
    case 'Completed':
      return completed;
    case 'Passed':
      return passed;
    case 'CompletedAndPassed':
      return completed && passed;
    case 'CompletedOrPassed':
      return completed || passed;
  }
}

/**
 * The problems with one session's statements, oldest first; empty when they satisfy the rules.
 * Statements outside the cmi5 vocabulary (the AU's own, e.g. answered) are only checked for the
 * registration and session id; they may not follow terminated either.
 */
export function checkCmi5Session(statements: readonly unknown[], expected: SessionExpectation): string[] {
  const problems: string[] = [];
  const seen = new Set<Cmi5Verb>();
  let terminatedAt = -1;
  let initializedAt = -1;
  statements.forEach((raw, index) => {
    const s = obj(raw);
    const verb = cmi5VerbOf(s);
    const name = `statement ${index + 1} (${verb ?? String(obj(s['verb'])['id'])})`;
    const context = obj(s['context']);
    const result = obj(s['result']);
    if (context['registration'] !== expected.registration) problems.push(`${name}: registration is not the launch's`);
    if (obj(context['extensions'])[CMI5_EXTENSIONS.sessionId] !== expected.sessionId)
      problems.push(`${name}: the session id extension is missing or not the launch's`);
    if (String(obj(obj(s['actor'])['account'])['name']) !== expected.actorAccount)
      problems.push(`${name}: actor is not the launched one`);
    if (terminatedAt >= 0 && !(verb !== null && LMS_VERBS.has(verb))) problems.push(`${name}: sent after terminated`);
    if (verb === null) return;
    if (!categories(s).includes(CMI5_CATEGORY)) problems.push(`${name}: lacks the cmi5 category`);
    if (!LMS_VERBS.has(verb)) {
      if (obj(s['object'])['id'] !== expected.activityId) problems.push(`${name}: object is not the launched activityId`);
      if (verb !== 'initialized' && initializedAt < 0) problems.push(`${name}: sent before initialized`);
    }
    const judged = verb === 'completed' || verb === 'passed' || verb === 'failed';
    if (judged) {
      if (expected.launchMode !== 'Normal') problems.push(`${name}: not allowed in ${expected.launchMode} mode`);
      if (!categories(s).includes(MOVEON_CATEGORY)) problems.push(`${name}: lacks the moveOn category`);
      if (typeof result['duration'] !== 'string' || !ISO_DURATION.test(result['duration']))
        problems.push(`${name}: lacks result.duration`);
    }
    switch (verb) {
      case 'launched':
        if (initializedAt >= 0) problems.push(`${name}: launched after initialized`);
        break;
      case 'initialized':
        if (initializedAt >= 0) problems.push(`${name}: a second initialized`);
        initializedAt = index;
        break;
      case 'completed':
        if (seen.has('completed')) problems.push(`${name}: a second completed in the registration`);
        if (result['completion'] !== true) problems.push(`${name}: result.completion must be true`);
        break;
      case 'passed':
      case 'failed': {
        if (seen.has('passed')) problems.push(`${name}: after passed, no further passed or failed`);
        if (result['success'] !== (verb === 'passed')) problems.push(`${name}: result.success must be ${verb === 'passed'}`);
        if (expected.masteryScore !== undefined) {
          const scaled = obj(result['score'])['scaled'];
          if (typeof scaled !== 'number') problems.push(`${name}: lacks result.score.scaled with a masteryScore`);
          else if (verb === 'passed' ? scaled < expected.masteryScore : scaled >= expected.masteryScore)
            problems.push(`${name}: score ${scaled} contradicts masteryScore ${expected.masteryScore}`);
          if (obj(context['extensions'])[CMI5_EXTENSIONS.masteryScore] !== expected.masteryScore)
            problems.push(`${name}: lacks the masteryScore extension`);
        }
        break;
      }
      case 'terminated':
        if (terminatedAt >= 0) problems.push(`${name}: a second terminated`);
        if (typeof result['duration'] !== 'string') problems.push(`${name}: lacks result.duration`);
        terminatedAt = index;
        break;
      case 'satisfied':
        if (!moveOnMet(expected.moveOn, seen)) problems.push(`${name}: before the moveOn criteria (${expected.moveOn}) are met`);
        break;
      case 'abandoned':
      case 'waived':
        break;
    }
    seen.add(verb);
  });
  if (initializedAt < 0) problems.push('no initialized statement');
  if (terminatedAt < 0 && !seen.has('abandoned')) problems.push('no terminated statement');
  return problems;
}
