// The admin's user management page: every user in a table, a form for one new user, and the CSV
// import for a whole staff list. Admins get it, department admins for their own department (the
// server lists only those users to them); the server checks the role again anyway.
import { useCallback, useEffect, useId, useState } from 'react';
import { api, ApiError } from '../client/api.ts';
import { currentPath, followLink, hrefFor } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import type { AdminUserRow, UserRole } from '../contracts/user-types.ts';
import { AdminNav, usesConsole } from './admin/admin-nav.tsx';
import { CreateUserForm } from './admin-user-form.tsx';
import { UserActions } from './admin-user-actions.tsx';
import { UserImport } from './admin-user-import.tsx';
import { useT } from '../i18n/i18n.ts';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly users: readonly AdminUserRow[] }
  | { readonly kind: 'failed'; readonly message: string };

export function AdminUsersPage() {
  const { t } = useT();
  const status = useSession((state) => state.status);
  const user = useSession((state) => state.user);

  if (!user) {
    return (
      <main id="main" className="account-page">
        <h1>{t('admin_title')}</h1>
        {status === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <p>
            {t('admin_signInFirst')}{' '}
            <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
              {t('account_signIn')}
            </a>
          </p>
        )}
      </main>
    );
  }
  if (!usesConsole(user.role, 'users')) {
    return (
      <main id="main" className="account-page">
        <h1>{t('admin_title')}</h1>
        <p role="alert" className="not-allowed">
          {t('admin_notAllowed')}
        </p>
      </main>
    );
  }
  return <AdminUsers role={user.role} />;
}

function AdminUsers({ role }: { role: UserRole }) {
  const { t } = useT();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [message, setMessage] = useState('');
  const me = useSession((state) => state.user);
  const reload = useCallback(async () => {
    try {
      const body = await api('admin.users.list');
      setList({ kind: 'loaded', users: body.users });
    } catch (error) {
      setList({ kind: 'failed', message: error instanceof ApiError ? error.message : t('signIn_offline') });
    }
  }, [t]);
  useEffect(() => {
    void reload();
    // Loaded once on arrival; create and import reload it themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <main id="main" className="admin-users">
      <AdminNav current="users" role={role} />
      <h1>{t('admin_title')}</h1>
      <div className="admin-forms">
        <CreateUserForm onCreated={() => void reload()} />
        <UserImport onImported={() => void reload()} />
      </div>
      {/* Always in the page so screen readers announce each action's outcome. */}
      <p role="status" className="action-status">
        {message}
      </p>
      <UserTable
        list={list}
        selfId={me?.id ?? ''}
        onAction={(text) => {
          setMessage(text);
          void reload();
        }}
      />
    </main>
  );
}

function UserTable({ list, selfId, onAction }: { list: ListState; selfId: string; onAction: (message: string) => void }) {
  const { t } = useT();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin_listTitle')}</h2>
      {list.kind === 'loading' ? <p aria-busy="true">{t('loading')}</p> : null}
      {list.kind === 'failed' ? <p role="alert">{t('admin_loadFailed', { message: list.message })}</p> : null}
      {list.kind === 'loaded' ? (
        <div className="table-scroll">
          <table className="data-table user-table">
            <caption>{t('admin_listCaption', { count: list.users.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin_username')}</th>
                <th scope="col">{t('admin_employeeId')}</th>
                <th scope="col">{t('admin_name')}</th>
                <th scope="col">{t('admin_department')}</th>
                <th scope="col">{t('admin_rank')}</th>
                <th scope="col">{t('admin_role')}</th>
                <th scope="col">{t('users_status')}</th>
                <th scope="col">{t('users_actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.users.map((row) => (
                <tr key={row.id} data-username={row.username}>
                  <th scope="row">{row.username}</th>
                  <td>{row.employeeId ?? ''}</td>
                  <td>{row.name}</td>
                  <td>{row.department ?? ''}</td>
                  <td>{row.rank ?? ''}</td>
                  <td>{t(`role_${row.role}`)}</td>
                  <td className="user-status">
                    {row.disabled === true
                      ? t('users_disabledState')
                      : row.mustChangePassword === true
                        ? t('users_mustChange')
                        : t('users_active')}
                  </td>
                  <td>
                    <UserActions user={row} self={row.id === selfId} onDone={onAction} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
