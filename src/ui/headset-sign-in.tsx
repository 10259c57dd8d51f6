// Headset sign-in by device code (RFC 8628 style): the headset asks for a code, shows it large
// with the approval address and its QR code, and polls until someone signed in elsewhere approves.
import { useEffect, useId, useState } from 'react';
import { api, ApiError, errorBody } from '../client/api.ts';
import { followLink, hrefFor, navigate } from '../client/route.ts';
import { useClientServices } from '../client/client-context.ts';
import type { MeResponse } from '../client/session.ts';
import type { DeviceCodeResponse, DeviceTokenRequest } from '../contracts/sign-in-types.ts';
import { useT } from '../i18n/i18n.ts';
import { QrCode } from './qr-code.tsx';

type HeadsetState =
  | { readonly kind: 'requesting' }
  | { readonly kind: 'waiting'; readonly code: DeviceCodeResponse; readonly expiresAt: number; readonly connectionLost: boolean }
  | { readonly kind: 'expired' | 'denied' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'signed-in'; readonly name: string };

// RFC 8628 §3.5: on slow_down, poll 5 seconds less often from then on.
const SLOW_DOWN_SECONDS = 5;

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function tokenError(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  return errorBody('device.token', error)?.error ?? null;
}

/** Requests a code and polls for the token; `round` changes to start over with a new code. */
function useDeviceCodeSignIn(round: number, onSignedIn: (me: MeResponse) => void): HeadsetState {
  const { t } = useT();
  const [state, setState] = useState<HeadsetState>({ kind: 'requesting' });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const run = async () => {
      setState({ kind: 'requesting' });
      let code: DeviceCodeResponse;
      try {
        code = await api('device.code', { signal });
      } catch (error) {
        if (signal.aborted) return;
        const message =
          error instanceof ApiError
            ? error.status === 429
              ? t('headset_tooMany')
              : t('headset_failed', { message: error.message })
            : t('signIn_offline');
        setState({ kind: 'failed', message });
        return;
      }
      const expiresAt = Date.now() + code.expiresIn * 1000;
      let interval = code.interval;
      setState({ kind: 'waiting', code, expiresAt, connectionLost: false });
      for (;;) {
        await sleep(interval * 1000, signal);
        if (Date.now() >= expiresAt) {
          setState({ kind: 'expired' });
          return;
        }
        try {
          const body: DeviceTokenRequest = { deviceCode: code.deviceCode };
          const me = await api('device.token', { body, signal });
          setState({ kind: 'signed-in', name: me.user.name });
          onSignedIn(me);
          return;
        } catch (error) {
          if (signal.aborted) return;
          const reason = tokenError(error);
          if (reason === 'authorization_pending') setState({ kind: 'waiting', code, expiresAt, connectionLost: false });
          else if (reason === 'slow_down') interval += SLOW_DOWN_SECONDS;
          else if (reason === 'expired_token') return setState({ kind: 'expired' });
          else if (reason === 'access_denied') return setState({ kind: 'denied' });
          // Anything else (offline, a 5xx): a headset's Wi-Fi drops now and then; keep trying until expiry.
          else setState({ kind: 'waiting', code, expiresAt, connectionLost: true });
        }
      }
    };
    run().catch(() => {
      // Aborted: the page closed or a new round started.
    });
    return () => controller.abort();
    // `t` and `onSignedIn` are read when they fire; a new language must not request a new code.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [round]);
  return state;
}

/** Seconds left until `expiresAt`, updated every second. */
function useSecondsLeft(expiresAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (expiresAt === null) return;
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return expiresAt === null ? 0 : Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

function formatCountdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function HeadsetSignIn({ next }: { next: string | null }) {
  const { t } = useT();
  const id = useId();
  const [round, setRound] = useState(0);
  const { setSignedIn } = useClientServices().session;
  const state = useDeviceCodeSignIn(round, (me) => {
    setSignedIn(me);
    navigate(next ?? hrefFor({}), { replace: true });
  });
  const secondsLeft = useSecondsLeft(state.kind === 'waiting' ? state.expiresAt : null);
  const newCode = (
    <button type="button" className="primary" onClick={() => setRound((r) => r + 1)}>
      {t('headset_newCode')}
    </button>
  );

  return (
    <main id="main" className="account-page headset-sign-in" data-state={state.kind}>
      <h1>{t('headset_title')}</h1>
      {state.kind === 'requesting' ? <p aria-busy="true">{t('headset_requesting')}</p> : null}
      {state.kind === 'waiting' ? (
        <WaitingForApproval
          code={state.code}
          secondsLeft={secondsLeft}
          connectionLost={state.connectionLost}
          labelId={`${id}-code`}
        />
      ) : null}
      {state.kind === 'expired' || state.kind === 'denied' || state.kind === 'failed' ? (
        <div className="headset-problem">
          <p role="alert">
            {state.kind === 'failed' ? state.message : t(state.kind === 'expired' ? 'headset_expired' : 'headset_denied')}
          </p>
          {newCode}
        </div>
      ) : null}
      {state.kind === 'signed-in' ? <p role="status">{t('headset_signedIn', { name: state.name })}</p> : null}
      <p>
        <a href={hrefFor({ page: 'sign-in', next })} onClick={followLink}>
          {t('headset_backToSignIn')}
        </a>
      </p>
    </main>
  );
}

function WaitingForApproval({
  code,
  secondsLeft,
  connectionLost,
  labelId,
}: {
  code: DeviceCodeResponse;
  secondsLeft: number;
  connectionLost: boolean;
  labelId: string;
}) {
  const { t } = useT();
  // The server gives a path; the person approving needs the whole address. It carries the code,
  // so opening it (or scanning the QR code) fills the code in.
  const approvalUrl = new URL(code.verificationUriComplete, location.origin).href;
  return (
    <div className="device-code-panel">
      <ol className="device-steps">
        <li>
          <p>{t('headset_step1')}</p>
          <p>
            <code className="approval-url">{approvalUrl}</code>
          </p>
          <QrCode text={approvalUrl} label={t('headset_qr', { url: approvalUrl })} />
        </li>
        <li>
          <p id={labelId}>{t('headset_step2')}</p>
          <output className="user-code" aria-labelledby={labelId} data-user-code={code.userCode}>
            {code.userCode}
          </output>
        </li>
      </ol>
      <p className="countdown">
        {/* The countdown ticks every second: not a live region, so screen readers are not flooded. */}
        {t('headset_expiresIn', { time: formatCountdown(secondsLeft) })}
      </p>
      <p role="status" className="hint">
        {connectionLost ? t('headset_connection') : t('headset_waiting')}
      </p>
    </div>
  );
}
