// Changing one's own password (POST /api/v1/auth/password, the current password required), from
// the header's link (?page=change-password). The app also shows this form instead of any page
// while an admin-set temporary password is in force.
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../client/api.ts';
import { useClientServices } from '../client/client-context.ts';
import { currentPath, followLink, hrefFor } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import type { ChangePasswordRequest } from '../contracts/account-lifecycle.ts';
import { useT } from '../i18n/i18n.ts';
import { usePageTitle } from './page-title.ts';

export function ChangePasswordPage({ forced }: { forced: boolean }) {
  const { t } = useT();
  const id = useId();
  const { refreshSession, signOut } = useClientServices().session;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const user = useSession((state) => state.user);
  usePageTitle(t('password_title'));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (next !== repeat) {
      setError(t('password_mismatch'));
      return;
    }
    setBusy(true);
    try {
      const body: ChangePasswordRequest = { currentPassword: current, newPassword: next };
      await api('auth.password', { body });
      await refreshSession();
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (caught) {
      setError(t('password_failed', { message: caught instanceof ApiError ? caught.message : t('signIn_offline') }));
    }
    setBusy(false);
  };

  return (
    <main id="main" className="account-page">
      <h1>{t('password_title')}</h1>
      {forced ? <p className="note">{t('password_mustChange')}</p> : null}
      {!forced && !user ? (
        <p>
          <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
            {t('account_signIn')}
          </a>
        </p>
      ) : null}
      <p role="status" className="form-done">
        {done ? t('password_changed') : ''}
      </p>
      <form
        className="account-form change-password-form"
        onSubmit={(event) => void onSubmit(event)}
        aria-describedby={`${id}-rule${error ? ` ${id}-error` : ''}`}
      >
        <label htmlFor={`${id}-current`}>{t(forced ? 'password_current' : 'password_currentOwn')}</label>
        <input
          id={`${id}-current`}
          name="current-password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <label htmlFor={`${id}-new`}>{t('password_new')}</label>
        <input
          id={`${id}-new`}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
        <label htmlFor={`${id}-repeat`}>{t('password_repeat')}</label>
        <input
          id={`${id}-repeat`}
          name="repeat-password"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
        <p id={`${id}-rule`} className="hint">
          {t('password_rule')}
        </p>
        <div role="alert" id={`${id}-error`} className="form-error">
          {error}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('password_busy') : t('password_submit')}
        </button>
      </form>
      {forced ? (
        <p>
          <button type="button" onClick={() => void signOut()}>
            {t('password_signOut')}
          </button>
        </p>
      ) : null}
    </main>
  );
}
