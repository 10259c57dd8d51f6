// The report's filters: period, department, rank, status and policy version. Each choice applies
// at once (the report below reloads in place; nothing moves focus or opens another page).
import { useId } from 'react';
import type { PolicyVersionInfo, PromotionReport } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import type { Policy } from '../../policy/schema.ts';
import { departmentLabel, rankLabel } from './learner-sort.ts';
import type { PeriodChoice, ReportFilters } from './report-model.ts';

export interface FilterChoices {
  readonly periods: readonly PeriodChoice[];
  readonly departments: PromotionReport['departments'];
  readonly ranks: PromotionReport['ranks'];
  readonly versions: readonly PolicyVersionInfo[];
}

export function ReportFiltersForm({
  filters,
  choices,
  policy = null,
  onChange,
}: {
  filters: ReportFilters;
  choices: FilterChoices;
  /** The report's policy version: its names for departments and ranks label the choices. */
  policy?: Policy | null;
  onChange: (next: ReportFilters) => void;
}) {
  const { t, l, locale } = useT();
  const id = useId();
  const orNull = (value: string) => (value === '' ? null : value);
  // A value the lists do not hold (e.g. a department with nobody left) stays choosable.
  const withCurrent = (list: readonly string[], value: string | null) =>
    value !== null && !list.includes(value) ? [...list, value] : list;

  const select = (
    name: keyof ReportFilters,
    label: string,
    value: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <div className="form-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select
        id={`${id}-${name}`}
        name={name}
        value={value}
        onChange={(event) =>
          onChange({ ...filters, [name]: name === 'period' ? event.target.value : orNull(event.target.value) })
        }
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );

  const all = { value: '', label: t('console_all') };
  const periods = choices.periods.some((p) => p.id === filters.period)
    ? choices.periods
    : [...choices.periods, { id: filters.period, label: null, start: '', end: '' }];
  return (
    <form className="report-filters" aria-label={t('console_filters')} onSubmit={(event) => event.preventDefault()}>
      {select(
        'period',
        t('console_period'),
        filters.period,
        periods.map((p) => ({ value: p.id, label: p.label ? l(p.label) : p.id })),
      )}
      {select('department', t('console_department'), filters.department ?? '', [
        all,
        ...withCurrent(choices.departments, filters.department).map((d) => ({
          value: d,
          label: departmentLabel(policy, d, locale),
        })),
      ])}
      {select('rank', t('console_rank'), filters.rank ?? '', [
        all,
        ...withCurrent(choices.ranks, filters.rank).map((r) => ({ value: r, label: rankLabel(policy, r, locale) })),
      ])}
      {select('status', t('console_status'), filters.status ?? '', [
        all,
        { value: 'meets', label: t('console_statusMeets') },
        { value: 'short', label: t('console_statusShort') },
      ])}
      {select('policyVersion', t('console_policyVersion'), filters.policyVersion ?? '', [
        { value: '', label: t('console_currentVersion') },
        ...choices.versions.map((v) => ({ value: v.version, label: v.version })),
      ])}
    </form>
  );
}
