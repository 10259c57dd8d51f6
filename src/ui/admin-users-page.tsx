// The admin's user management page: the users in a table with search, filters, order and pages
// (the server does the searching, so thousands of users stay quick), a form for one new user, and
// the CSV import for a whole staff list. Admins get it, department admins for their own department (the
// server lists only those users to them); the server checks the role again anyway.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api, ApiError } from '../client/api.ts';
import { currentPath, followLink, hrefFor } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import { DEFAULT_USER_PAGE_SIZE, USER_PAGE_SIZES, USER_ROLES, USER_SORTS, USER_STATUSES } from '../contracts/user-types.ts';
import type { AdminUserList, UserRole, UserSort, UserStatus } from '../contracts/user-types.ts';
import { AdminNav, usesConsole } from './admin/admin-nav.tsx';
import { CreateUserForm } from './admin-user-form.tsx';
import { UserActions } from './admin-user-actions.tsx';
import { UserImport } from './admin-user-import.tsx';
import { useT } from '../i18n/i18n.ts';
import { DirectorySyncSection } from './admin/directory-sync-section.tsx';
import { SignInSettingsSection } from './admin/sign-in-settings-section.tsx';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly list: AdminUserList }
  | { readonly kind: 'failed'; readonly message: string };

/** What the list shows: search text, filters, order and page (empty text: no filter). */
interface ListQuery {
  readonly q: string;
  readonly department: string;
  readonly rank: string;
  readonly role: '' | UserRole;
  readonly status: '' | UserStatus;
  readonly sort: UserSort;
  readonly page: number;
  readonly pageSize: number;
}

const NO_FILTER: ListQuery = {
  q: '',
  department: '',
  rank: '',
  role: '',
  status: '',
  sort: 'newest',
  page: 1,
  pageSize: DEFAULT_USER_PAGE_SIZE,
};

const filtered = (query: ListQuery) =>
  query.q !== '' || query.department !== '' || query.rank !== '' || query.role !== '' || query.status !== '';

/** The query string of GET /api/v1/admin/users: only what differs from the defaults. */
function queryParams(query: ListQuery): Record<string, string | undefined> {
  const orUndefined = (value: string) => (value === '' ? undefined : value);
  return {
    q: orUndefined(query.q.trim()),
    department: orUndefined(query.department),
    rank: orUndefined(query.rank),
    role: orUndefined(query.role),
    status: orUndefined(query.status),
    sort: query.sort === 'newest' ? undefined : query.sort,
    page: query.page === 1 ? undefined : String(query.page),
    pageSize: query.pageSize === DEFAULT_USER_PAGE_SIZE ? undefined : String(query.pageSize),
  };
}

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
  const [query, setQuery] = useState<ListQuery>(NO_FILTER);
  // The search box answers as one types, once the typing pauses.
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState('');
  const me = useSession((state) => state.user);
  const latest = useRef(0);
  const load = useCallback(
    async (wanted: ListQuery) => {
      const ticket = ++latest.current;
      try {
        const answer = await api('admin.users.list', { query: queryParams(wanted) });
        // An older answer arriving after a newer request is dropped.
        if (ticket === latest.current) setList({ kind: 'loaded', list: answer });
      } catch (error) {
        if (ticket === latest.current)
          setList({ kind: 'failed', message: error instanceof ApiError ? error.message : t('signIn_offline') });
      }
    },
    [t],
  );
  useEffect(() => {
    void load(query);
  }, [load, query]);
  useEffect(() => {
    if (typed === query.q) return undefined;
    const timer = window.setTimeout(() => setQuery((current) => ({ ...current, q: typed, page: 1 })), 250);
    return () => window.clearTimeout(timer);
  }, [typed, query.q]);
  const reload = () => void load(query);

  return (
    <main id="main" className="admin-users">
      <AdminNav current="users" role={role} />
      <h1>{t('admin_title')}</h1>
      <div className="admin-forms">
        <CreateUserForm onCreated={reload} />
        <UserImport onImported={reload} />
      </div>
      {role === 'admin' ? <SignInSettingsSection /> : null}
      {role === 'admin' ? <DirectorySyncSection /> : null}
      {/* Always in the page so screen readers announce each action's outcome. */}
      <p role="status" className="action-status">
        {message}
      </p>
      <UserTable
        list={list}
        query={query}
        typed={typed}
        onType={setTyped}
        onQuery={(next) => {
          setTyped(next.q);
          setQuery(next);
        }}
        selfId={me?.id ?? ''}
        onAction={(text) => {
          setMessage(text);
          reload();
        }}
      />
    </main>
  );
}

function UserFilters({
  query,
  typed,
  choices,
  onType,
  onQuery,
}: {
  query: ListQuery;
  typed: string;
  choices: { readonly departments: readonly string[]; readonly ranks: readonly string[] };
  onType: (text: string) => void;
  onQuery: (next: ListQuery) => void;
}) {
  const { t } = useT();
  const id = useId();
  // A value the lists no longer hold stays choosable, so the filter shown is the filter applied.
  const withCurrent = (values: readonly string[], value: string) =>
    value !== '' && !values.includes(value) ? [...values, value] : values;
  const select = <K extends 'department' | 'rank' | 'role' | 'status' | 'sort'>(
    name: K,
    label: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <div className="form-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select
        id={`${id}-${name}`}
        value={query[name]}
        // What is typed in the search box counts even before its pause has passed.
        onChange={(event) => onQuery({ ...query, q: typed, [name]: event.target.value, page: 1 })}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  const all = { value: '', label: t('users_filterAll') };
  return (
    <form className="report-filters user-filters" aria-label={t('users_filters')} onSubmit={(event) => event.preventDefault()}>
      <div className="form-field">
        <label htmlFor={`${id}-q`}>{t('users_search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={typed}
          placeholder={t('users_searchHint')}
          aria-describedby={`${id}-q-hint`}
          onChange={(event) => onType(event.target.value)}
        />
        <span id={`${id}-q-hint`} className="visually-hidden">
          {t('users_searchHint')}
        </span>
      </div>
      {select('department', t('admin_department'), [
        all,
        ...withCurrent(choices.departments, query.department).map((d) => ({ value: d, label: d })),
      ])}
      {select('rank', t('admin_rank'), [all, ...withCurrent(choices.ranks, query.rank).map((r) => ({ value: r, label: r }))])}
      {select('role', t('admin_role'), [all, ...USER_ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))])}
      {select('status', t('users_statusFilter'), [
        all,
        ...USER_STATUSES.map((status) => ({ value: status, label: t(`users_status_${status}`) })),
      ])}
      {select(
        'sort',
        t('users_sort'),
        USER_SORTS.map((sort) => ({ value: sort, label: t(`users_sort_${sort}`) })),
      )}
      {filtered(query) || typed !== '' ? (
        <button type="button" onClick={() => onQuery({ ...NO_FILTER, sort: query.sort, pageSize: query.pageSize })}>
          {t('users_clear')}
        </button>
      ) : null}
    </form>
  );
}

function Pages({ list, query, onQuery }: { list: AdminUserList; query: ListQuery; onQuery: (next: ListQuery) => void }) {
  const { t } = useT();
  const id = useId();
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <nav className="user-pages" aria-label={t('users_pagination')}>
      <button type="button" disabled={list.page <= 1} onClick={() => onQuery({ ...query, page: list.page - 1 })}>
        {t('users_prev')}
      </button>
      <span className="user-pages-where">{t('users_pages', { page: list.page, pages })}</span>
      <button type="button" disabled={list.page >= pages} onClick={() => onQuery({ ...query, page: list.page + 1 })}>
        {t('users_next')}
      </button>
      <label htmlFor={`${id}-size`}>{t('users_pageSize')}</label>
      <select
        id={`${id}-size`}
        value={query.pageSize}
        onChange={(event) => onQuery({ ...query, pageSize: Number(event.target.value), page: 1 })}
      >
        {USER_PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </nav>
  );
}

function UserTable({
  list,
  query,
  typed,
  onType,
  onQuery,
  selfId,
  onAction,
}: {
  list: ListState;
  query: ListQuery;
  typed: string;
  onType: (text: string) => void;
  onQuery: (next: ListQuery) => void;
  selfId: string;
  onAction: (message: string) => void;
}) {
  const { t } = useT();
  const id = useId();
  const loaded = list.kind === 'loaded' ? list.list : undefined;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin_listTitle')}</h2>
      <UserFilters
        query={query}
        typed={typed}
        choices={loaded ?? { departments: [], ranks: [] }}
        onType={onType}
        onQuery={onQuery}
      />
      {list.kind === 'loading' ? <p aria-busy="true">{t('loading')}</p> : null}
      {list.kind === 'failed' ? <p role="alert">{t('admin_loadFailed', { message: list.message })}</p> : null}
      {loaded !== undefined ? (
        <>
          <div className="table-scroll">
            <table className="data-table user-table">
              <caption>
                {filtered(query) ? t('users_found', { count: loaded.total }) : t('admin_listCaption', { count: loaded.total })}
              </caption>
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
                {loaded.users.map((row) => (
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
          {loaded.users.length === 0 ? <p className="user-none">{t('users_none')}</p> : null}
          <Pages list={loaded} query={query} onQuery={onQuery} />
        </>
      ) : null}
    </section>
  );
}
