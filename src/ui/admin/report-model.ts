// The report page's plain logic, apart from React so it is unit-tested with plain data: filters as
// API queries and download links, status words, the item-analysis review flags and order, the
// learners' course columns and one page of rows.
import { parse } from 'yaml';
import type { Locale, Localized } from '../../course/schema.ts';
import type { ReportAnalytics, ReportLearner } from '../../contracts/report-types.ts';

export interface ReportFilters {
  readonly period: string;
  readonly department: string | null;
  readonly rank: string | null;
  readonly status: 'meets' | 'short' | null;
  /** null: the version in force. */
  readonly policyVersion: string | null;
}

/** Query string of GET /api/v1/reports/promotion for these filters (empty filters left out). */
export function promotionQuery(filters: ReportFilters, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams({ period: filters.period });
  if (filters.department !== null) params.set('department', filters.department);
  if (filters.rank !== null) params.set('rank', filters.rank);
  if (filters.status !== null) params.set('status', filters.status);
  if (filters.policyVersion !== null) params.set('policyVersion', filters.policyVersion);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

/** GET /api/v1/reports/analytics takes the same filters but status (charts cover everyone selected). */
export function analyticsQuery(filters: ReportFilters): string {
  return promotionQuery({ ...filters, status: null });
}

/** The link of a download button: the same report as a file, headings in the page's language. */
export function downloadHref(filters: ReportFilters, format: 'csv' | 'xlsx', lang: Locale): string {
  return `/api/v1/reports/promotion?${promotionQuery(filters, { format, lang })}`;
}

export { percent, statusWords } from '../standing-words.ts';

/** The first characters of a hash, enough to tell entries apart at a glance. */
export const shortHash = (hash: string, length = 12): string => hash.slice(0, length);

export type ReviewReason = 'too-easy' | 'too-hard' | 'low-discrimination';
export type ReportItem = ReportAnalytics['items'][number];

export const REVIEW_LIMITS = { easiest: 0.95, hardest: 0.2, discrimination: 0.2 } as const;

/**
 * Why a question misfires, if it does: nearly everyone or nobody gets it, or it fails to tell
 * strong from weak. Judged only once discrimination is measured (the server's 10 attempts): a
 * difficulty of 1.00 from a single attempt says nothing about the question.
 */
export function reviewReasons(item: Pick<ReportItem, 'difficulty' | 'discrimination'>): ReviewReason[] {
  if (item.discrimination === null) return [];
  const reasons: ReviewReason[] = [];
  if (item.difficulty > REVIEW_LIMITS.easiest) reasons.push('too-easy');
  if (item.difficulty < REVIEW_LIMITS.hardest) reasons.push('too-hard');
  if (item.discrimination < REVIEW_LIMITS.discrimination) reasons.push('low-discrimination');
  return reasons;
}

/** Lowest discrimination first (the questions that misfire most), unknown discrimination last. */
export function sortItems(items: readonly ReportItem[]): ReportItem[] {
  return [...items].sort((a, b) => {
    if (a.discrimination === null || b.discrimination === null) {
      if (a.discrimination !== b.discrimination) return a.discrimination === null ? 1 : -1;
    } else if (a.discrimination !== b.discrimination) return a.discrimination - b.discrimination;
    return a.difficulty - b.difficulty || a.courseId.localeCompare(b.courseId) || a.stepId.localeCompare(b.stepId);
  });
}

/** Course ids for the learners table's score columns: the catalog's order first, then any other course a standing names. */
export function courseColumns(learners: readonly ReportLearner[], catalogOrder: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const learner of learners) for (const course of learner.standing.courses) seen.add(course.courseId);
  const known = catalogOrder.filter((id) => seen.has(id));
  const others = [...seen].filter((id) => !catalogOrder.includes(id)).sort();
  return [...known, ...others];
}

/** Learners whose name, employee id or username contains `text` (any case); all for blank text. */
export function searchLearners(learners: readonly ReportLearner[], text: string): readonly ReportLearner[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return learners;
  return learners.filter(
    (l) =>
      l.name.toLowerCase().includes(needle) ||
      l.username.toLowerCase().includes(needle) ||
      (l.employeeId ?? '').toLowerCase().includes(needle),
  );
}

export interface RowPage<T> {
  readonly rows: readonly T[];
  /** 1-based, clamped into range. */
  readonly page: number;
  readonly pages: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there is none). */
  readonly from: number;
  readonly to: number;
  readonly total: number;
}

/** At most this many learner rows are in the DOM at once (10,000-learner reports stay fast). */
export const LEARNERS_PER_PAGE = 100;

export function pageOf<T>(rows: readonly T[], page: number, size: number = LEARNERS_PER_PAGE): RowPage<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const start = (current - 1) * size;
  const slice = rows.slice(start, start + size);
  return {
    rows: slice,
    page: current,
    pages,
    from: slice.length === 0 ? 0 : start + 1,
    to: start + slice.length,
    total: rows.length,
  };
}

/** The ten score bins' labels: 0–10%, …, 90–100%. */
export function binLabels(): string[] {
  return Array.from({ length: 10 }, (_, i) => `${i * 10}–${(i + 1) * 10}%`);
}

/** Short learners per department, for the completion chart's second series. */
export function completionRows(
  analytics: Pick<ReportAnalytics, 'completionByDepartment'>,
): { department: string; learners: number; meets: number; short: number }[] {
  return analytics.completionByDepartment.map((row) => ({ ...row, short: row.learners - row.meets }));
}

/** The default period: the one containing today, else the latest listed. */
export function defaultPeriod(
  periods: readonly { id: string; start: string; end: string }[],
  today: string = new Date().toISOString().slice(0, 10),
): string | null {
  const containing = periods.find((p) => p.start <= today && today <= p.end);
  if (containing) return containing.id;
  const latest = [...periods].sort((a, b) => b.end.localeCompare(a.end))[0];
  return latest?.id ?? null;
}

export interface PeriodChoice {
  readonly id: string;
  readonly label: Localized | null;
  readonly start: string;
  readonly end: string;
}

/**
 * The periods a policy version lists, read from its YAML (GET /api/v1/policy) for the period
 * filter. Lenient: the server validated the file; anything malformed here is skipped, not fatal.
 */
export function periodsFromPolicyYaml(yaml: string): PeriodChoice[] {
  let raw: unknown;
  try {
    raw = parse(yaml);
  } catch {
    return [];
  }
  const periods = typeof raw === 'object' && raw !== null ? (raw as { periods?: unknown }).periods : undefined;
  if (!Array.isArray(periods)) return [];
  const text = (value: unknown): value is string => typeof value === 'string';
  return periods.flatMap((p: unknown): PeriodChoice[] => {
    if (typeof p !== 'object' || p === null) return [];
    const { label, start, end } = p as Record<string, unknown>;
    // An unquoted `id: 2026` reads as a number.
    const id = typeof (p as { id?: unknown }).id === 'number' ? String((p as { id: number }).id) : (p as { id?: unknown }).id;
    if (!text(id) || !text(start) || !text(end)) return [];
    const l = typeof label === 'object' && label !== null ? (label as Record<string, unknown>) : {};
    return [{ id, start, end, label: text(l['zh-CN']) && text(l.en) ? { 'zh-CN': l['zh-CN'], en: l.en } : null }];
  });
}
