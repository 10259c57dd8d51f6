// The frame of every console page: the tab title, <main> with the console navigation and the one
// <h1>, and the admin check: a person signed out is offered sign-in, anyone else who may not use
// the section (not an admin, or a department admin outside users, reports and credentials) is told so (the
// server checks the role again on every request anyway).
import type { ReactNode } from 'react';
import { currentPath, followLink, hrefFor } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { AdminNav, usesConsole, type ConsoleSection } from './admin-nav.tsx';

export function ConsolePage({
  section,
  title,
  className,
  children,
}: {
  section: ConsoleSection | null;
  title: string;
  className: string;
  children: ReactNode;
}) {
  const { t } = useT();
  const status = useSession((state) => state.status);
  const user = useSession((state) => state.user);
  usePageTitle(title);

  let body: ReactNode = children;
  if (!user) {
    body =
      status === 'loading' ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <p>
          {t('admin_signInFirst')}{' '}
          <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
            {t('account_signIn')}
          </a>
        </p>
      );
  } else if (!usesConsole(user.role, section)) {
    body = (
      <p role="alert" className="not-allowed">
        {t('console_notAllowed')}
      </p>
    );
  }
  return (
    <main id="main" className={`admin-console ${className}`}>
      {user && usesConsole(user.role) ? <AdminNav current={section} role={user.role} /> : null}
      <h1>{title}</h1>
      {body}
    </main>
  );
}
