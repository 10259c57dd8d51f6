// The trainer's joint exercises (?page=exercises): a form to start a session of an exercise
// (optionally for one of their classes) and the overview of their sessions; with &session=<id>,
// one session: its join code large with a QR code, the participants and their roles, and the live
// control of the room (every role's view, phase and clock, injects, pause/resume, messages, end).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../client/api.ts';
import { useExerciseRoom } from '../../client/exercise-room.ts';
import { currentPath, followLink, hrefFor, navigate } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import { spacedClassCode } from '../../contracts/class-code.ts';
import type { ClassView } from '../../contracts/class-types.ts';
import type { ExerciseSessionView } from '../../contracts/exercise-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { QrCode } from '../qr-code.tsx';
import { formatDateTime } from '../trainer/class-format.ts';
import { exerciseChoice, exerciseChoices } from './exercise-choices.ts';
import { usePolledSession } from './use-polled-session.ts';
import { EventLog, Messages, RequestLine, RoleBriefing, RolePicker, RoomNoticeLine, SituationBoard } from './exercise-panels.tsx';
import type { TrainerView } from './exercise-view.ts';

type T = ReturnType<typeof useT>['t'];

function failureText(error: unknown, t: T): string {
  return error instanceof ApiError ? t('exercise_failed', { message: error.message }) : t('exercise_offline');
}

export function TrainerExercisesPage({ sessionId }: { sessionId: string | null }) {
  const { t } = useT();
  const status = useSession((s) => s.status);
  const user = useSession((s) => s.user);
  usePageTitle(t('exercise_trainerTitle'));
  if (user === null || (user.role !== 'trainer' && user.role !== 'admin'))
    return (
      <main id="main" className="trainer-page" aria-busy={user === null && status === 'loading'}>
        <h1>{t('exercise_trainerTitle')}</h1>
        {user === null && status !== 'loading' ? (
          <p>
            {t('trainer_signInNeeded')}{' '}
            <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
              {t('trainer_signIn')}
            </a>
          </p>
        ) : null}
        {user !== null ? <p className="not-allowed">{t('exercise_trainerOnly')}</p> : null}
      </main>
    );
  return sessionId === null ? <SessionList /> : <SessionControl sessionId={sessionId} />;
}

function SessionList() {
  const { t, l, locale } = useT();
  const [sessions, setSessions] = useState<readonly ExerciseSessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api('exerciseSessions.list').then(
      (answer) => live && setSessions(answer.sessions),
      (caught: unknown) => live && setError(failureText(caught, t)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <main id="main" className="trainer-page exercise-trainer">
      <h1>{t('exercise_trainerTitle')}</h1>
      <NewSessionForm />
      <section aria-labelledby="exercise-sessions-title">
        <h2 id="exercise-sessions-title">{t('exercise_sessionsTitle')}</h2>
        {sessions === null && error === null ? <p aria-busy="true">{t('trainer_loading')}</p> : null}
        <p role="alert" className="form-error">
          {error}
        </p>
        {sessions?.length === 0 ? <p>{t('exercise_sessionsEmpty')}</p> : null}
        {sessions && sessions.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table exercise-session-list">
              <thead>
                <tr>
                  <th scope="col">{t('exercise_colSession')}</th>
                  <th scope="col">{t('exercise_colExercise')}</th>
                  <th scope="col">{t('trainer_colCode')}</th>
                  <th scope="col">{t('trainer_colStatus')}</th>
                  <th scope="col">{t('exercise_colParticipants')}</th>
                  <th scope="col">{t('trainer_colOpened')}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => {
                  const choice = exerciseChoice(s.exerciseId);
                  return (
                    <tr key={s.id} data-session-id={s.id} data-status={s.status}>
                      <th scope="row">
                        <a href={hrefFor({ page: 'exercises', session: s.id })} onClick={followLink}>
                          {s.title}
                        </a>
                      </th>
                      <td>{choice ? l(choice.title) : s.exerciseId}</td>
                      <td className="class-code-cell">{s.status === 'open' ? spacedClassCode(s.code) : '—'}</td>
                      <td>{s.status === 'open' ? t('trainer_statusOpen') : t('trainer_statusEnded')}</td>
                      <td>{s.participants.length}</td>
                      <td>{formatDateTime(s.createdAt, locale)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </main>
  );
}

function NewSessionForm() {
  const { t, l } = useT();
  const id = useId();
  const [exerciseId, setExerciseId] = useState(exerciseChoices[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [classId, setClassId] = useState('');
  const [classes, setClasses] = useState<readonly ClassView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    api('classes.list').then(
      (answer) => live && setClasses(answer.classes.filter((c) => c.status === 'open')),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { session } = await api('exerciseSessions.create', {
        body: { exerciseId, ...(title.trim() ? { title: title.trim() } : {}), ...(classId ? { classId } : {}) },
      });
      navigate(hrefFor({ page: 'exercises', session: session.id }));
    } catch (caught) {
      setError(failureText(caught, t));
      setBusy(false);
    }
  };
  return (
    <section className="admin-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('exercise_newTitle')}</h2>
      <form className="account-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p>{t('exercise_newHint')}</p>
        <label htmlFor={`${id}-exercise`}>{t('exercise_fieldExercise')}</label>
        <select id={`${id}-exercise`} value={exerciseId} onChange={(event) => setExerciseId(event.target.value)}>
          {exerciseChoices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {l(choice.title)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-title-field`}>{t('exercise_fieldTitle')}</label>
        <input id={`${id}-title-field`} maxLength={120} value={title} onChange={(event) => setTitle(event.target.value)} />
        <label htmlFor={`${id}-class`}>{t('exercise_fieldClass')}</label>
        <select id={`${id}-class`} value={classId} onChange={(event) => setClassId(event.target.value)}>
          <option value="">{t('exercise_anyone')}</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
        <p role="alert" className="form-error">
          {error}
        </p>
        <button type="submit" className="primary" disabled={busy || exerciseId === ''}>
          {busy ? t('trainer_creating') : t('exercise_create')}
        </button>
      </form>
    </section>
  );
}

function SessionControl({ sessionId }: { sessionId: string }) {
  const { t, l } = useT();
  const [error, setError] = useState<string | null>(null);
  // Learners join and take roles on their own: the list follows every few seconds.
  const [session, setSession] = usePolledSession(sessionId, 4000, (caught) => setError(failureText(caught, t)));
  const choice = session ? exerciseChoice(session.exerciseId) : undefined;
  const joinUrl = session ? `${location.origin}${hrefFor({ page: 'exercise', code: session.code })}` : '';

  const end = async () => {
    try {
      setSession((await api('exerciseSessions.end', { params: { sessionId } })).session);
    } catch (caught) {
      setError(failureText(caught, t));
    }
  };

  return (
    <main id="main" className="trainer-page exercise-control" aria-busy={session === null && error === null}>
      <p>
        <a href={hrefFor({ page: 'exercises' })} onClick={followLink}>
          {t('exercise_backToList')}
        </a>
      </p>
      <h1>{session ? session.title : t('exercise_trainerTitle')}</h1>
      <p role="alert" className="form-error">
        {error}
      </p>
      {session ? (
        <>
          <p>{choice ? l(choice.title) : session.exerciseId}</p>
          {session.forkedFrom ? <p className="hint">{t('review_forkedFrom', { seq: session.forkedFrom.seq + 1 })}</p> : null}
          {session.logLength > 0 ? (
            <p className="review-links">
              <a href={hrefFor({ page: 'exercise-replay', session: session.id })} onClick={followLink}>
                {t('review_openReplay')}
              </a>{' '}
              ·{' '}
              <a href={hrefFor({ page: 'exercise-debrief', session: session.id })} onClick={followLink}>
                {t('review_openDebrief')}
              </a>
            </p>
          ) : null}
          {session.status === 'open' ? (
            <section className="admin-card class-code-card" aria-labelledby="exercise-code-title">
              <h2 id="exercise-code-title">{t('trainer_codeLabel')}</h2>
              <p>{t('exercise_joinHow')}</p>
              <p className="class-code exercise-code" data-code={session.code}>
                {spacedClassCode(session.code)}
              </p>
              <QrCode text={joinUrl} label={t('exercise_qr', { url: joinUrl })} />
              <button type="button" onClick={() => void end()}>
                {t('exercise_end')}
              </button>
            </section>
          ) : (
            <p role="status">{t('exercise_sessionEnded')}</p>
          )}
          <Participants session={session} onChange={setSession} />
          {session.status === 'open' ? (
            <LiveControl sessionId={sessionId} heldRoles={session.participants.flatMap((p) => (p.role ? [p.role] : []))} />
          ) : null}
        </>
      ) : null}
    </main>
  );
}

function Participants({ session, onChange }: { session: ExerciseSessionView; onChange: (session: ExerciseSessionView) => void }) {
  const { t, l } = useT();
  const [error, setError] = useState<string | null>(null);
  const choice = exerciseChoice(session.exerciseId);
  const nameOf = (roleId: string) => {
    const found = choice?.roles.find((r) => r.id === roleId);
    return found ? l(found.name) : roleId;
  };
  const assign = async (userId: string, role: string) => {
    setError(null);
    try {
      onChange(
        (await api('exerciseSessions.assign', { params: { sessionId: session.id }, body: { userId, role: role || null } }))
          .session,
      );
    } catch (caught) {
      setError(failureText(caught, t));
    }
  };
  return (
    <section className="admin-card" aria-labelledby="exercise-participants-title">
      <h2 id="exercise-participants-title">{t('exercise_participantsTitle')}</h2>
      {session.participants.length === 0 ? <p>{t('exercise_participantsEmpty')}</p> : null}
      <ul className="exercise-participants">
        {session.participants.map((p) => (
          <li key={p.userId} data-user={p.username} data-role={p.role ?? ''}>
            <label htmlFor={`assign-${p.userId}`}>{p.name}</label>{' '}
            <select
              id={`assign-${p.userId}`}
              value={p.role ?? ''}
              disabled={session.status !== 'open'}
              onChange={(event) => void assign(p.userId, event.target.value)}
            >
              <option value="">{t('exercise_noRole')}</option>
              {session.roleIds.map((roleId) => (
                <option key={roleId} value={roleId}>
                  {nameOf(roleId)}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <p role="alert" className="form-error">
        {error}
      </p>
    </section>
  );
}

function LiveControl({ sessionId, heldRoles }: { sessionId: string; heldRoles: readonly string[] }) {
  const { t, l } = useT();
  const room = useExerciseRoom(sessionId);
  const view = room.view as TrainerView | null;
  const [shown, setShown] = useState<string>('');
  const id = useId();
  if (view === null || !('allRoles' in view))
    return (
      <p role="status" className="exercise-connection" data-room={room.status}>
        {room.status === 'failed' ? (room.failure ?? t('exercise_offline')) : t('exercise_connecting')}
      </p>
    );
  const role = view.allRoles.find((r) => r.id === shown) ?? view.allRoles[0];
  const paused = view.clock.paused;
  return (
    <div className="exercise-live" data-room={room.status}>
      <p role="status" className="exercise-connection">
        {room.status === 'live' ? t('exercise_controlLive') : t('exercise_reconnecting')}
      </p>
      <RoomNoticeLine notice={room.notice} />
      <section className="admin-card exercise-controls" aria-labelledby={`${id}-controls`}>
        <h2 id={`${id}-controls`}>{t('exercise_controlsTitle')}</h2>
        <div className="button-row">
          <button type="button" disabled={view.clock.finished} onClick={() => room.send({ type: paused ? 'resume' : 'pause' })}>
            {paused ? t('exercise_resume') : t('exercise_pause')}
          </button>
          <button type="button" disabled={view.clock.finished} onClick={() => room.send({ type: 'advance-phase' })}>
            {t('exercise_nextPhase')}
          </button>
          <button type="button" disabled={view.clock.finished} onClick={() => room.send({ type: 'end' })}>
            {t('exercise_finish')}
          </button>
        </div>
        <h3>{t('exercise_injectsTitle')}</h3>
        <ul className="exercise-inject-controls">
          {view.allInjects.map((inject) => (
            <li key={inject.id} data-inject={inject.id}>
              <button
                type="button"
                disabled={inject.fired || view.clock.finished}
                onClick={() => room.send({ type: 'inject', inject: inject.id })}
              >
                {t('exercise_fire', { title: l(inject.title) })}
              </button>{' '}
              {inject.fired
                ? t('exercise_injectFired')
                : inject.atMinute !== undefined
                  ? t('exercise_injectAt', { minute: inject.atMinute })
                  : t('exercise_injectManual')}
            </li>
          ))}
        </ul>
      </section>
      <div className="exercise-columns">
        <div>
          <RolePicker roles={view.allRoles} value={role?.id ?? ''} onChange={setShown} />
          {role && !heldRoles.includes(role.id) ? (
            <section className="admin-card exercise-act-for" aria-labelledby={`${id}-act-for`} data-role={role.id}>
              <h2 id={`${id}-act-for`}>{t('exercise_actForTitle', { role: l(role.name) })}</h2>
              <p>{t('exercise_actForHint')}</p>
              <ul>
                {view.allActions
                  .filter((a) => a.role === role.id && a.inPhase && !a.done)
                  .map((a) => (
                    <li key={a.id} data-action={a.id}>
                      <button
                        type="button"
                        disabled={view.clock.finished}
                        onClick={() => room.actAs(role.id, { type: 'act', action: a.id })}
                      >
                        {l(a.label)}
                      </button>
                    </li>
                  ))}
              </ul>
            </section>
          ) : null}
          {role ? <RoleBriefing role={role} trainer /> : null}
          <section className="admin-card" aria-labelledby={`${id}-requests`}>
            <h2 id={`${id}-requests`}>{t('exercise_requestsTitle')}</h2>
            {view.requests.length === 0 ? <p>{t('exercise_requestsNone')}</p> : null}
            <ul>
              {view.requests.map((request) => (
                <RequestLine key={request.id} view={view as TrainerView & Record<string, unknown>} request={request} />
              ))}
            </ul>
          </section>
        </div>
        <div>
          <SituationBoard view={view} />
          <Messages view={view} me="trainer" send={room.send} />
          <EventLog view={view} />
        </div>
      </div>
    </div>
  );
}
