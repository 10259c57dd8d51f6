// The admin console's own navigation (Users · Reports · Policy · Honours · Credentials · API tokens · Audit log), shown on each of its
// pages, with the page a person is on marked for assistive technology too (aria-current). A
// department admin gets only the sections they can use: users, reports and credentials of their department.
import { followLink } from '../../client/route.ts';
import type { UserRole } from '../../contracts/user-types.ts';
import { useT } from '../../i18n/i18n.ts';
import type { UiKey } from '../../i18n/strings.ts';

export type ConsoleSection = 'users' | 'reports' | 'policy' | 'honours' | 'credentials' | 'tokens' | 'audit';

const SECTIONS: readonly { section: ConsoleSection; page: string; label: UiKey }[] = [
  { section: 'users', page: 'admin-users', label: 'console_navUsers' },
  { section: 'reports', page: 'admin-reports', label: 'console_navReports' },
  { section: 'policy', page: 'admin-policy', label: 'console_navPolicy' },
  { section: 'honours', page: 'admin-honours', label: 'console_navHonours' },
  { section: 'credentials', page: 'admin-credentials', label: 'console_navCredentials' },
  { section: 'tokens', page: 'admin-tokens', label: 'console_navTokens' },
  { section: 'audit', page: 'admin-audit', label: 'console_navAudit' },
];

const DEPARTMENT_ADMIN_SECTIONS: ReadonlySet<ConsoleSection> = new Set(['users', 'reports', 'credentials']);

/** Whether someone with `role` uses the console; with `section`, that section of it (null: a page outside the sections, such as an attempt). */
export function usesConsole(role: UserRole, section: ConsoleSection | null = null): boolean {
  if (role === 'admin') return true;
  return role === 'department-admin' && (section === null || DEPARTMENT_ADMIN_SECTIONS.has(section));
}

/**
 * A console URL with exactly these parameters and the language choice: unlike hrefFor it drops
 * every other parameter, so e.g. ?user= of one page does not follow a person to the next.
 */
export function consoleHref(
  params: Readonly<Record<string, string>>,
  search: string = globalThis.location?.search ?? '',
): string {
  const query = new URLSearchParams(params);
  const lang = new URLSearchParams(search).get('lang');
  if (lang) query.set('lang', lang);
  return `/?${query.toString()}`;
}

export function AdminNav({ current, role }: { current: ConsoleSection | null; role: UserRole }) {
  const { t } = useT();
  return (
    <nav className="admin-nav" aria-label={t('console_nav')}>
      <ul>
        {SECTIONS.filter(({ section }) => usesConsole(role, section)).map(({ section, page, label }) => (
          <li key={section}>
            <a href={consoleHref({ page })} onClick={followLink} aria-current={section === current ? 'page' : undefined}>
              {t(label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
