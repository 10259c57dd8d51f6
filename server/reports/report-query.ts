// The query string of the report routes, read strictly: an unknown value is a 400 that names the
// parameter and the values it takes, never a silently empty report.
import { describeKnown } from '../../src/course/problems.ts';
import { periodWindow } from '../../src/policy/period.ts';
import type { Period } from '../../src/policy/schema.ts';
import { RequestError } from '../http/request-error.ts';
import type { PolicyStore, StoredPolicy } from './policy-store.ts';

export type ReportFormat = 'json' | 'csv' | 'xlsx';
export type ReportLanguage = 'zh-CN' | 'en';
export type StatusFilter = 'meets' | 'short';

export interface ReportFilters {
  readonly department: string | null;
  readonly rank: string | null;
  readonly status: StatusFilter | null;
}

export interface ReportRequest {
  readonly stored: StoredPolicy;
  /**
   * A department admin's report: only this department's accounts, also in the lists of
   * departments and ranks the report offers as filters.
   */
  readonly scopeDepartment?: string;
  readonly period: Period;
  readonly filters: ReportFilters;
  readonly format: ReportFormat;
  readonly lang: ReportLanguage;
}

const PARAMETERS = ['period', 'department', 'rank', 'status', 'policyVersion', 'format', 'lang'] as const;
type Parameter = (typeof PARAMETERS)[number];

function one(query: Record<string, unknown>, name: Parameter): string | null {
  const value = query[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string')
    throw new RequestError(
      400,
      `Give ${name} once: it was sent ${Array.isArray(value) ? `${value.length} times` : 'in a form the server cannot read'}.`,
    );
  return value;
}

function choice<T extends string>(query: Record<string, unknown>, name: Parameter, allowed: readonly T[]): T | null {
  const value = one(query, name);
  if (value === null) return null;
  if (!(allowed as readonly string[]).includes(value))
    throw new RequestError(400, `${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

/** Reads and checks the query; `allowed` lists the parameters this route takes. */
export async function readReportRequest(
  query: unknown,
  policies: PolicyStore,
  now: number,
  allowed: readonly Parameter[] = PARAMETERS,
): Promise<ReportRequest> {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const unknown = Object.keys(params).filter((key) => !(allowed as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new RequestError(400, `Unknown query parameter(s) ${unknown.join(', ')}; this report takes ${allowed.join(', ')}.`);

  const version = one(params, 'policyVersion');
  const stored = await policies.get(version ?? undefined);
  if (stored === undefined) {
    throw new RequestError(
      400,
      version === null
        ? 'No training policy is stored yet.'
        : `policyVersion "${version}" is not a stored policy version (known: ${describeKnown(await policies.names())}).`,
    );
  }
  const periodId = one(params, 'period');
  const periods = stored.policy.periods;
  const period =
    periodId === null ? defaultPeriod(periods, stored.policy.utcOffset, now) : periods.find((p) => p.id === periodId);
  if (period === undefined) {
    throw new RequestError(
      400,
      `period "${periodId ?? ''}" is not a period of training policy ${stored.policy.version} (known: ${describeKnown(periods.map((p) => p.id))}).`,
    );
  }
  return {
    stored,
    period,
    filters: {
      department: one(params, 'department'),
      rank: one(params, 'rank'),
      status: choice(params, 'status', ['meets', 'short'] as const),
    },
    format: choice(params, 'format', ['json', 'csv', 'xlsx'] as const) ?? 'json',
    lang: choice(params, 'lang', ['zh-CN', 'en'] as const) ?? 'zh-CN',
  };
}

/** Without `period=`: the period running now, else the one that began last. */
export function defaultPeriod(periods: readonly Period[], utcOffset: string, now: number): Period | undefined {
  const windows = periods.map((period) => ({ period, window: periodWindow(period, utcOffset) }));
  const running = windows.find(({ window }) => now >= window.startsAt && now < window.endsBefore);
  if (running !== undefined) return running.period;
  return (
    windows.filter(({ window }) => window.startsAt <= now).sort((a, b) => b.window.startsAt - a.window.startsAt)[0]?.period ??
    periods[0]
  );
}
