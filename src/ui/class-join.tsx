// The catalog's class box for a signed-in learner: "Join a class" with a code field (usable with a
// headset's on-screen keyboard), or the class they are in with Leave, or the notice that their
// class has ended. While shown, it keeps the learner counted as connected.
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../client/api.ts';
import { normalizeClassCode } from '../contracts/class-code.ts';
import { useClientServices } from '../client/client-context.ts';
import { useClassMembership } from '../client/class-membership.ts';
import { useClassReporting } from '../client/class-reporting.ts';
import { useSession } from '../client/session.ts';
import { CodeJoinForm } from './code-join-form.tsx';
import { useT } from '../i18n/i18n.ts';

export function ClassJoin() {
  const signedIn = useSession((s) => s.user !== null);
  return signedIn ? <ClassBox /> : null;
}

function ClassBox() {
  const { t } = useT();
  const id = useId();
  const membership = useClassMembership();
  const { joinClass, leaveClass } = useClientServices().classMembership;
  useClassReporting(null);
  // A QR code from the trainer's page opens the catalog with ?code=…: the field is filled in.
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(joinError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const onJoin = (event: FormEvent) => {
    event.preventDefault();
    const typed = normalizeClassCode(code);
    if (typed === undefined) return setError(t('trainer_joinBadFormat'));
    void run(() => joinClass(typed));
  };

  if (membership?.status === 'open') {
    return (
      <section className="class-box" aria-labelledby={`${id}-title`} data-class-state="joined" data-class-id={membership.classId}>
        <h2 id={`${id}-title`}>{t('trainer_joinTitle')}</h2>
        <p role="status">{t('trainer_inClass', { title: membership.title, trainer: membership.trainerName })}</p>
        <button type="button" disabled={busy} onClick={() => void run(() => leaveClass(membership.classId))}>
          {t('trainer_leave')}
        </button>
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
      </section>
    );
  }

  return (
    <section className="class-box" aria-labelledby={`${id}-title`} data-class-state={membership ? 'ended' : 'none'}>
      <h2 id={`${id}-title`}>{t('trainer_joinTitle')}</h2>
      {membership ? (
        <div className="class-ended" role="status">
          <p>{t('trainer_classEnded', { title: membership.title })}</p>
          <button type="button" disabled={busy} onClick={() => void run(() => leaveClass(membership.classId))}>
            {t('trainer_dismiss')}
          </button>
        </div>
      ) : null}
      <CodeJoinForm
        name="class-code"
        label={t('trainer_joinCode')}
        hint={t('trainer_joinHint')}
        submitLabel={busy ? t('trainer_joining') : t('trainer_join')}
        code={code}
        onCode={setCode}
        error={error}
        busy={busy}
        onSubmit={onJoin}
      />
    </section>
  );
}

function joinError(error: unknown, t: ReturnType<typeof useT>['t']): string {
  if (!(error instanceof ApiError)) return t('trainer_joinOffline');
  switch (error.status) {
    case 404:
      return t('trainer_joinNotFound');
    case 409:
      return t('trainer_joinBusy');
    case 429:
      return t('trainer_joinTooMany', { seconds: error.retryAfter ?? 60 });
    default:
      return t('trainer_failed', { message: error.message });
  }
}
