// Approving a headset's device code from a computer or phone: the signed-in person enters the code
// (or arrives with it from the QR code), checks it matches the headset, and approves.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../client/api.ts';
import { currentPath, followLink, hrefFor, navigate } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import type { DeviceApproveRequest } from '../contracts/sign-in-types.ts';
import { useT } from '../i18n/i18n.ts';
import { normalizeUserCode } from './user-code.ts';

type Phase =
  | { readonly kind: 'enter' }
  | { readonly kind: 'confirm'; readonly code: string }
  | { readonly kind: 'approving'; readonly code: string }
  | { readonly kind: 'approved' };

export function DevicePage({ prefilledCode }: { prefilledCode: string | null }) {
  const { t } = useT();
  const id = useId();
  const status = useSession((state) => state.status);
  const user = useSession((state) => state.user);
  const fromLink = prefilledCode ? normalizeUserCode(prefilledCode) : null;
  const [input, setInput] = useState(prefilledCode ?? '');
  const [phase, setPhase] = useState<Phase>(fromLink ? { kind: 'confirm', code: fromLink } : { kind: 'enter' });
  const [error, setError] = useState<{ message: string; signIn?: boolean } | null>(null);

  // Not signed in: sign in first, then come straight back here with the code.
  const signedOut = status === 'signed-out';
  useEffect(() => {
    if (signedOut) navigate(hrefFor({ page: 'sign-in', next: currentPath() }), { replace: true });
  }, [signedOut]);

  if (!user) {
    return (
      <main id="main" className="account-page">
        <h1>{t('device_title')}</h1>
        <p aria-busy={status === 'loading'}>{status === 'loading' ? t('device_checking') : t('device_signInFirst')}</p>
      </main>
    );
  }

  const onContinue = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = normalizeUserCode(input);
    if (!code) {
      setError({ message: t('device_badFormat') });
      return;
    }
    setError(null);
    setPhase({ kind: 'confirm', code });
  };

  const onApprove = async (code: string) => {
    setPhase({ kind: 'approving', code });
    setError(null);
    try {
      const body: DeviceApproveRequest = { userCode: code };
      await api('device.approve', { body });
      setPhase({ kind: 'approved' });
    } catch (caught) {
      setError(approvalError(caught, t));
      setInput(code);
      setPhase({ kind: 'enter' });
    }
  };

  const errorBox = (
    <div role="alert" id={`${id}-error`} className="form-error">
      {error ? (
        <>
          {error.message}{' '}
          {error.signIn ? (
            <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
              {t('account_signIn')}
            </a>
          ) : null}
        </>
      ) : null}
    </div>
  );

  return (
    <main id="main" className="account-page device-page" data-phase={phase.kind}>
      <h1>{t('device_title')}</h1>
      {phase.kind === 'enter' ? (
        <form className="device-form account-form" onSubmit={onContinue} noValidate>
          <p id={`${id}-intro`}>{t('device_intro')}</p>
          <label htmlFor={`${id}-code`}>{t('device_code')}</label>
          <input
            id={`${id}-code`}
            name="code"
            className="code-input"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            required
            aria-describedby={`${id}-intro ${id}-error`}
            aria-invalid={error !== null}
            value={input}
            onChange={(event) => setInput(event.target.value)}
          />
          {errorBox}
          <button type="submit" className="primary">
            {t('device_continue')}
          </button>
        </form>
      ) : null}
      {phase.kind === 'confirm' || phase.kind === 'approving' ? (
        <section className="device-confirm" aria-labelledby={`${id}-confirm`}>
          <h2 id={`${id}-confirm`}>{t('device_confirm', { name: user.name, username: user.username })}</h2>
          <p>{t('device_compare', { code: phase.code })}</p>
          <p className="user-code user-code-small">{phase.code}</p>
          {errorBox}
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              disabled={phase.kind === 'approving'}
              onClick={() => void onApprove(phase.code)}
            >
              {phase.kind === 'approving' ? t('device_busy') : t('device_approve')}
            </button>
            <button
              type="button"
              disabled={phase.kind === 'approving'}
              onClick={() => {
                setInput(phase.code);
                setPhase({ kind: 'enter' });
              }}
            >
              {t('device_cancel')}
            </button>
          </div>
        </section>
      ) : null}
      {phase.kind === 'approved' ? (
        <div className="device-approved">
          <p role="status" className="success">
            {t('device_approved', { name: user.name })}
          </p>
          <button
            type="button"
            onClick={() => {
              setInput('');
              setPhase({ kind: 'enter' });
              navigate(hrefFor({ page: 'device' }), { replace: true });
            }}
          >
            {t('device_another')}
          </button>
        </div>
      ) : null}
    </main>
  );
}

function approvalError(caught: unknown, t: ReturnType<typeof useT>['t']): { message: string; signIn?: boolean } {
  if (!(caught instanceof ApiError)) return { message: t('signIn_offline') };
  if (caught.status === 404) return { message: t('device_unknown') };
  if (caught.status === 409) return { message: t('device_used') };
  if (caught.status === 401) return { message: t('device_sessionEnded'), signIn: true };
  return { message: t('device_failed', { message: caught.message }) };
}
