// Recertification: how long a pass of a course stays valid (policy `recertification`), judged at
// an instant, and what a learner has due. Pure; evaluateStanding (./standing.ts) calls it per course.
import type { Policy } from './schema.ts';
import type { OfficialResult } from './standing.ts';

/** `valid`; `expiring` within the policy's days; `expired`; `missing`: no completing pass in the period. */
export type ValidityState = 'valid' | 'expiring' | 'expired' | 'missing';

/** The renewal state of a course whose pass expires (policy `recertification.validMonths`). */
export interface CourseValidity {
  readonly validMonths: number;
  /** The pass that is valid: the latest result in the period that completed the course; null when none did. */
  readonly attemptId: string | null;
  /** When that pass became invalid or will: its finish plus validMonths (ISO 8601); null when there is none. */
  readonly validUntil: string | null;
  /** The day it expires, `YYYY-MM-DD` in the policy's UTC offset; null when there is no pass. */
  readonly expiresOn: string | null;
  readonly state: ValidityState;
  /** Whole days from the standing's `asOf` to validUntil (0 or less: expired); null when there is no pass. */
  readonly daysLeft: number | null;
}

/** A course the learner must take again soon, or already should have: what a learner is shown as due. */
export interface RenewalDue {
  readonly courseId: string;
  readonly required: boolean;
  readonly state: ValidityState;
  readonly validUntil: string | null;
  readonly expiresOn: string | null;
  readonly daysLeft: number | null;
}

/** Days before expiry a pass is shown as expiring, when the policy does not say. */
export const DEFAULT_EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Scores are ratios computed elsewhere; this keeps 0.7 from failing a 0.7 minimum on rounding. */
const SCORE_EPSILON = 1e-9;

/** The instant `months` calendar months after `iso` (UTC); a day the month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(iso: string, months: number): number {
  const date = new Date(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

/** "YYYY-MM-DD" of an instant in a "+08:00"-style offset. */
export function localDay(epochMs: number, utcOffset: string): string {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  const minutes = match === null ? 0 : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  return new Date(epochMs + minutes * 60_000).toISOString().slice(0, 10);
}

export function courseValidity(
  policy: Policy,
  courseId: string,
  results: readonly OfficialResult[],
  minimumScore: number,
  asOf: number,
): CourseValidity | null {
  const months = policy.recertification?.validMonths ?? {};
  const validMonths = Object.hasOwn(months, courseId) ? months[courseId] : undefined;
  if (validMonths === undefined) return null;
  // A renewal is a new pass: the latest result that completed the course is the one that is valid.
  const pass = latestOf(results.filter((r) => r.passed && r.scaled + SCORE_EPSILON >= minimumScore));
  if (pass === undefined)
    return { validMonths, attemptId: null, validUntil: null, expiresOn: null, state: 'missing', daysLeft: null };
  const until = addMonths(pass.finishedAt, validMonths);
  const within = (policy.recertification?.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS) * DAY_MS;
  const state: ValidityState = asOf >= until ? 'expired' : until - asOf <= within ? 'expiring' : 'valid';
  return {
    validMonths,
    attemptId: pass.attemptId,
    validUntil: new Date(until).toISOString(),
    expiresOn: localDay(until, policy.utcOffset),
    state,
    daysLeft: Math.ceil((until - asOf) / DAY_MS),
  };
}

/** The hours a rank must earn; a rank the policy does not list gets the default. */

/** The most recent result; the attempt id breaks exact ties so the input order never matters. */
function latestOf(results: readonly OfficialResult[]): OfficialResult | undefined {
  return [...results].sort(
    (a, b) =>
      Date.parse(b.finishedAt) - Date.parse(a.finishedAt) || (a.attemptId < b.attemptId ? 1 : a.attemptId > b.attemptId ? -1 : 0),
  )[0];
}
