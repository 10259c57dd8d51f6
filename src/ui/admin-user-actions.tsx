// The admin's actions on one user in the user table: disable or enable, reset the password (a
// generated temporary one, shown once, that the user must change at sign-in), end their sessions,
// grant extra time on timed steps (an accommodation: ×1.25, ×1.5 or ×2).
// The outcome is announced in the page's status line; the list reloads after each.
import { useState } from 'react';
import { api, ApiError } from '../client/api.ts';
import { useT } from '../i18n/i18n.ts';

export interface UserActionTarget {
  readonly id: string;
  readonly username: string;
  readonly disabled?: boolean;
  /** Extra time on timed steps; absent: none. */
  readonly extraTime?: number | undefined;
}

const EXTRA_TIME_CHOICES = [1, 1.25, 1.5, 2] as const;

type Action = 'disable' | 'enable' | 'password' | 'end-sessions';

export function UserActions({
  user,
  self,
  onDone,
}: {
  user: UserActionTarget;
  /** The admin's own row: they cannot disable themselves. */
  self: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const run = async (action: Action) => {
    setBusy(true);
    const params = { userId: user.id };
    try {
      if (action === 'password') {
        const answer = await api('admin.users.resetPassword', { params, body: {} });
        onDone(t('users_resetDone', { username: answer.username, password: answer.password ?? '' }));
      } else {
        const answer = await api(
          action === 'disable' ? 'admin.users.disable' : action === 'enable' ? 'admin.users.enable' : 'admin.users.endSessions',
          { params },
        );
        const count = answer.sessionsEnded;
        onDone(
          action === 'disable'
            ? t('users_disabledDone', { username: answer.username, count })
            : action === 'enable'
              ? t('users_enabledDone', { username: answer.username })
              : t('users_sessionsDone', { username: answer.username, count }),
        );
      }
    } catch (caught) {
      onDone(t('users_actionFailed', { message: caught instanceof ApiError ? caught.message : t('signIn_offline') }));
    }
    setBusy(false);
  };
  const grantExtraTime = async (factor: number) => {
    setBusy(true);
    try {
      const answer = await api('admin.users.extraTime', { params: { userId: user.id }, body: { factor } });
      onDone(t('users_extraTimeDone', { username: answer.username, factor: answer.extraTime }));
    } catch (caught) {
      onDone(t('users_actionFailed', { message: caught instanceof ApiError ? caught.message : t('signIn_offline') }));
    }
    setBusy(false);
  };
  return (
    <div className="toolbar user-actions" role="group" aria-label={t('users_actionsFor', { username: user.username })}>
      {user.disabled === true ? (
        <button type="button" disabled={busy} onClick={() => void run('enable')}>
          {t('users_enable')}
        </button>
      ) : (
        <button type="button" disabled={busy || self} onClick={() => void run('disable')}>
          {t('users_disable')}
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => void run('password')}>
        {t('users_resetPassword')}
      </button>
      <button type="button" disabled={busy} onClick={() => void run('end-sessions')}>
        {t('users_endSessions')}
      </button>
      <label className="extra-time">
        {t('users_extraTime')}{' '}
        <select
          disabled={busy}
          value={String(user.extraTime ?? 1)}
          data-testid="extra-time"
          onChange={(event) => void grantExtraTime(Number(event.target.value))}
        >
          {EXTRA_TIME_CHOICES.map((factor) => (
            <option key={factor} value={String(factor)}>
              {factor === 1 ? t('users_extraTimeNone') : `×${factor}`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
