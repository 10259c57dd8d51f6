// The sign-in page: one button per single sign-on provider, username and password, errors
// announced to screen readers, then back to where the person came from (?next=). Also the way
// into signing in a headset with a device code.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../client/api.ts';
import { isSsoError } from '../contracts/identity-types.ts';
import type { SignInOptions, SsoError } from '../contracts/identity-types.ts';
import { followLink, hrefFor, navigate } from '../client/route.ts';
import { useClientServices } from '../client/client-context.ts';
import { useSession } from '../client/session.ts';
import { useT } from '../i18n/i18n.ts';
import type { UiKey } from '../i18n/strings.ts';

/** Seconds to wait after a 429, from the Retry-After the server sent (or its JSON body), if any. */
export function retryAfterSeconds(error: ApiError): number | null {
  if (error.retryAfter !== null) return error.retryAfter;
  const body = error.body;
  if (typeof body === 'object' && body !== null && 'retryAfter' in body) {
    const seconds = Number((body as { retryAfter: unknown }).retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  }
  return null;
}

/** The explanation of each reason single sign-on gives for not signing someone in. */
const SSO_ERROR_TEXT: Readonly<Record<SsoError, UiKey>> = {
  'not-allowed': 'sso_error_not-allowed',
  'missing-claim': 'sso_error_missing-claim',
  'unknown-rank': 'sso_error_unknown-rank',
  'already-linked': 'sso_error_already-linked',
  'employee-id-taken': 'sso_error_employee-id-taken',
  'username-taken': 'sso_error_username-taken',
  'invalid-identity': 'sso_error_invalid-identity',
  disabled: 'sso_error_disabled',
  denied: 'sso_error_denied',
  expired: 'sso_error_expired',
  'unknown-provider': 'sso_error_unknown-provider',
  failed: 'sso_error_failed',
};

/** Where a provider's button goes: the server's start of single sign-on, coming back to `next`. */
export function ssoStartHref(providerId: string, next: string): string {
  return `/api/v1/auth/oidc/${encodeURIComponent(providerId)}/start?next=${encodeURIComponent(next)}`;
}

export function SignInPage({ next, ssoError = null }: { next: string | null; ssoError?: string | null }) {
  const { t, locale } = useT();
  const id = useId();
  const user = useSession((state) => state.user);
  const status = useSession((state) => state.status);
  const { signIn } = useClientServices().session;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const destination = next ?? hrefFor({});
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    // Offline or an older server: the password form alone.
    api('auth.providers', { signal: controller.signal }).then(setOptions, () => undefined);
    return () => controller.abort();
  }, []);
  const providers = options?.providers ?? [];
  const refused = ssoError === null ? null : t(SSO_ERROR_TEXT[isSsoError(ssoError) ? ssoError : 'failed']);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(destination, { replace: true });
    } catch (caught) {
      setError(signInError(caught, t));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="account-page">
      <h1>{t('signIn_title')}</h1>
      {user && status !== 'signed-out' ? (
        <p className="note">
          {t('signIn_already', { name: user.name })}{' '}
          <a href={destination} onClick={followLink}>
            {t('signIn_continue')}
          </a>
        </p>
      ) : null}
      {refused !== null ? (
        <div role="alert" className="form-error sso-refused">
          <strong>{t('sso_refusedTitle')}</strong> {refused}
        </div>
      ) : null}
      {providers.length > 0 ? (
        <div className="sso-providers">
          {providers.map((provider) => (
            <a
              key={provider.id}
              className="button primary sso-button"
              href={ssoStartHref(provider.id, destination)}
              data-provider={provider.id}
            >
              {t('sso_button', { name: provider.displayName[locale] })}
            </a>
          ))}
          <p className="sso-or">{options?.learnerPasswords === false ? t('sso_learnersUseSso') : t('sso_or')}</p>
        </div>
      ) : null}
      <form
        className="sign-in-form account-form"
        onSubmit={(event) => void onSubmit(event)}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <label htmlFor={`${id}-username`}>{t('signIn_username')}</label>
        <input
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor={`${id}-password`}>{t('signIn_password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {/* Always in the page so screen readers announce the message when it appears. */}
        <div role="alert" id={`${id}-error`} className="form-error">
          {error}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn_busy') : t('signIn_submit')}
        </button>
      </form>

      <section className="account-aside" aria-labelledby={`${id}-headset`}>
        <h2 id={`${id}-headset`}>{t('signIn_headsetTitle')}</h2>
        <p>{t('signIn_headsetHelp')}</p>
        <div className="toolbar">
          <button type="button" onClick={() => navigate(hrefFor({ page: 'headset', next }))}>
            {t('signIn_headsetButton')}
          </button>
          <a href={hrefFor({ page: 'device' })} onClick={followLink}>
            {t('signIn_approveLink')}
          </a>
        </div>
      </section>
    </main>
  );
}

function signInError(caught: unknown, t: ReturnType<typeof useT>['t']): string {
  if (!(caught instanceof ApiError)) return t('signIn_offline');
  if (caught.status === 401) return t('signIn_wrong');
  if (caught.status === 429) {
    const seconds = retryAfterSeconds(caught);
    if (seconds === null) return t('signIn_tooManySoon');
    // Waits grow from seconds (a few wrong passwords) to minutes.
    return seconds < 60
      ? t('signIn_tooManySeconds', { seconds: Math.max(1, Math.ceil(seconds)) })
      : t('signIn_tooMany', { minutes: Math.ceil(seconds / 60) });
  }
  return t('signIn_failed', { message: caught.message });
}
