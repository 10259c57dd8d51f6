// One class, live: the join code (large, with a QR code), then a table of the learners that
// updates without reloading (server-sent events): connected or not, where they are, steps done,
// score so far, last seen, and requests for help the trainer marks handled. The trainer can end
// the class here; learners' apps then show that it has ended.
import { useEffect, useId, useRef, useState } from 'react';
import { api, ApiError } from '../../client/api.ts';
import { spacedClassCode } from '../../contracts/class-code.ts';
import type { ClassMemberView, ClassSnapshot } from '../../contracts/class-types.ts';
import { followLink, hrefFor } from '../../client/route.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { courseTitle, formatDateTime, formatTime } from './class-format.ts';
import { QrCode } from '../qr-code.tsx';
import { useClassEvents } from './use-class-events.ts';

export function ClassLivePage({ classId }: { classId: string }) {
  const { t, locale } = useT();
  const [state, accept] = useClassEvents(classId);
  usePageTitle(state.kind === 'live' ? state.snapshot.class.title : state.kind === 'failed' ? t('trainer_listTitle') : null);
  const back = (
    <p>
      <a href={hrefFor({ page: 'trainer' })} onClick={followLink}>
        {t('trainer_backToList')}
      </a>
    </p>
  );
  if (state.kind === 'loading') {
    return (
      <main id="main" className="trainer-page" aria-busy="true">
        <h1>{t('trainer_listTitle')}</h1>
        <p>{t('trainer_loading')}</p>
      </main>
    );
  }
  if (state.kind === 'failed') {
    const message =
      state.status === 404
        ? t('trainer_classNotFound')
        : state.status === 403
          ? t('trainer_classForbidden')
          : state.status === null
            ? t('trainer_offline')
            : t('trainer_failed', { message: state.message });
    return (
      <main id="main" className="trainer-page">
        <h1>{t('trainer_listTitle')}</h1>
        <p role="alert" className="form-error">
          {message}
        </p>
        {back}
      </main>
    );
  }
  const { snapshot, connection } = state;
  return (
    <main
      id="main"
      className="trainer-page class-live"
      data-class-status={snapshot.class.status}
      data-revision={snapshot.revision}
    >
      {back}
      <h1>{snapshot.class.title}</h1>
      <p className="class-meta">
        {snapshot.class.courseId ? courseTitle(snapshot.class.courseId, locale) : t('trainer_anyCourse')}
        {' · '}
        {snapshot.class.status === 'open' ? t('trainer_statusOpen') : t('trainer_statusEnded')}
      </p>
      {snapshot.class.status === 'open' ? <JoinCode code={snapshot.class.code} /> : <EndedNote ended={snapshot.class.ended} />}
      <p className="live-indicator" data-connection={connection} role="status">
        {connection === 'open' ? t('trainer_live') : t('trainer_reconnecting')}
      </p>
      <MembersTable snapshot={snapshot} />
      {snapshot.class.status === 'open' ? <EndClass classId={classId} onEnded={accept} /> : null}
    </main>
  );
}

function JoinCode({ code }: { code: string }) {
  const { t } = useT();
  const id = useId();
  const joinUrl = new URL(`/?code=${code}`, location.origin).href;
  return (
    <section className="class-join-code" aria-labelledby={`${id}-label`}>
      <p>{t('trainer_joinHow')}</p>
      <div className="class-code-row">
        <div>
          <p id={`${id}-label`} className="class-code-label">
            {t('trainer_codeLabel')}
          </p>
          <output className="class-code" aria-labelledby={`${id}-label`} data-code={code}>
            {spacedClassCode(code)}
          </output>
        </div>
        <QrCode text={joinUrl} label={t('trainer_qr', { url: joinUrl })} />
      </div>
    </section>
  );
}

function EndedNote({ ended }: { ended: string | null }) {
  const { t, locale } = useT();
  return <p className="note class-ended-note">{t('trainer_endedAt', { time: ended ? formatDateTime(ended, locale) : '' })}</p>;
}

function MembersTable({ snapshot }: { snapshot: ClassSnapshot }) {
  const { t } = useT();
  const members = snapshot.members;
  const connected = members.filter((member) => member.connected).length;
  const announcement = useHelpAnnouncement(members);
  return (
    <section className="class-members">
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {members.length === 0 ? <p className="note">{t('trainer_noMembers')}</p> : null}
      <div className="table-scroll">
        <table className="data-table class-table">
          <caption>{t('trainer_membersCaption', { connected, total: members.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('trainer_colLearner')}</th>
              <th scope="col">{t('trainer_colConnection')}</th>
              <th scope="col">{t('trainer_colWhere')}</th>
              <th scope="col">{t('trainer_colSteps')}</th>
              <th scope="col">{t('trainer_colScore')}</th>
              <th scope="col">{t('trainer_colLastSeen')}</th>
              <th scope="col">{t('trainer_colHelp')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <MemberRow
                key={member.userId}
                classId={snapshot.class.id}
                member={member}
                open={snapshot.class.status === 'open'}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Says "<name> asked for help" when a new request appears, for screen-reader users. */
function useHelpAnnouncement(members: readonly ClassMemberView[]): string {
  const { t } = useT();
  const seen = useRef<Map<string, string>>(new Map());
  const [text, setText] = useState('');
  useEffect(() => {
    const asking = members.filter((member) => member.helpRequestedAt !== null);
    const fresh = asking.filter((member) => seen.current.get(member.userId) !== member.helpRequestedAt);
    seen.current = new Map(asking.map((member) => [member.userId, member.helpRequestedAt ?? '']));
    if (fresh.length > 0) setText(fresh.map((member) => t('trainer_helpAnnounce', { name: member.name })).join('；'));
    // `t` only formats; a language switch must not announce again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [members]);
  return text;
}

function MemberRow({ classId, member, open }: { classId: string; member: ClassMemberView; open: boolean }) {
  const { t, l, locale } = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const progress = member.progress;
  const connection = member.left !== null ? 'left' : member.connected ? 'connected' : 'disconnected';
  const score =
    progress === null || progress.score === null || progress.max === null
      ? progress?.mode === 'assessment'
        ? t('trainer_scoreNone')
        : '—'
      : progress.scoreSource === 'server'
        ? t('trainer_scoreServer', { score: progress.score, max: progress.max })
        : `${progress.score} / ${progress.max}`;

  const markHandled = async () => {
    setBusy(true);
    setFailed(null);
    try {
      await api('classes.helpHandled', { params: { classId, userId: member.userId } });
    } catch (error) {
      setFailed(error instanceof ApiError ? t('trainer_failed', { message: error.message }) : t('trainer_offline'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr
      data-username={member.username}
      data-connection={connection}
      data-step={progress?.stepId ?? ''}
      data-score={progress?.score ?? ''}
      data-help={member.helpRequestedAt !== null ? 'requested' : 'none'}
      className={member.helpRequestedAt !== null ? 'help-requested' : undefined}
    >
      <th scope="row">
        {member.name}
        <span className="member-username"> ({member.username})</span>
      </th>
      <td>
        <span className={`connection connection-${connection}`}>
          {connection === 'left'
            ? t('trainer_left')
            : connection === 'connected'
              ? t('trainer_connected')
              : t('trainer_disconnected')}
        </span>
      </td>
      <td className="member-where">
        {progress === null ? (
          t('trainer_notStarted')
        ) : (
          <>
            <span className="where-course">
              {l(progress.courseTitle)} ·{' '}
              {progress.mode === 'assessment' ? t('trainer_modeAssessment') : t('trainer_modePractice')}
            </span>
            <br />
            {progress.finished || progress.sceneTitle === null ? (
              t('trainer_finished')
            ) : (
              <>
                {l(progress.sceneTitle)}
                {progress.stepTitle ? (
                  <>
                    {' '}
                    › <strong>{l(progress.stepTitle)}</strong>
                  </>
                ) : null}
              </>
            )}
          </>
        )}
      </td>
      <td className="member-steps">{progress === null ? '—' : `${progress.stepsDone} / ${progress.stepCount}`}</td>
      <td className="member-score">{score}</td>
      <td>{member.lastSeen ? formatTime(member.lastSeen, locale) : t('trainer_never')}</td>
      <td className="member-help">
        {member.helpRequestedAt !== null ? (
          <>
            <span className="help-flag">{t('trainer_helpAsked', { time: formatTime(member.helpRequestedAt, locale) })}</span>{' '}
            {open ? (
              <button
                type="button"
                disabled={busy}
                aria-label={t('trainer_helpHandleFor', { name: member.name })}
                onClick={() => void markHandled()}
              >
                {t('trainer_helpHandle')}
              </button>
            ) : null}
          </>
        ) : (
          '—'
        )}
        {failed ? (
          <span role="alert" className="form-error">
            {failed}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

function EndClass({ classId, onEnded }: { classId: string; onEnded: (snapshot: ClassSnapshot) => void }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      onEnded(await api('classes.end', { params: { classId } }));
    } catch (caught) {
      setError(caught instanceof ApiError ? t('trainer_failed', { message: caught.message }) : t('trainer_offline'));
      setBusy(false);
    }
  };

  return (
    <section className="end-class">
      {confirming ? (
        <div className="end-confirm">
          <p>{t('trainer_endConfirm')}</p>
          <button type="button" className="danger" ref={confirmRef} disabled={busy} onClick={() => void end()}>
            {t('trainer_endNow')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            {t('trainer_cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('trainer_end')}
        </button>
      )}
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
