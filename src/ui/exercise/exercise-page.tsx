// A learner's joint exercise (?page=exercise): join a session by its code, take a free role (or see
// the one the trainer gave), then play it live: the role's briefing and private items, the shared
// situation board, the actions the role may take now, requests to and from other departments,
// messages, push-to-talk voice with who is speaking, and the event log. The live room decides every command; refusals are shown politely.
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../client/api.ts';
import { useExerciseRoom } from '../../client/exercise-room.ts';
import { currentPath, followLink, hrefFor, navigate } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import { normalizeClassCode } from '../../contracts/class-code.ts';
import { CodeJoinForm } from '../code-join-form.tsx';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { exerciseChoice } from './exercise-choices.ts';
import { usePolledSession } from './use-polled-session.ts';
import {
  columnLabels,
  DataTable,
  EventLog,
  Messages,
  RequestLine,
  RoleBriefing,
  roleName,
  RoomNoticeLine,
  SituationBoard,
} from './exercise-panels.tsx';
import type { RoleView } from './exercise-view.ts';
import { VoicePanel } from './voice-panel.tsx';

type T = ReturnType<typeof useT>['t'];

function failureText(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return t('exercise_offline');
  if (error.status === 429) return t('exercise_joinTooMany', { seconds: error.retryAfter ?? 60 });
  return t('exercise_failed', { message: error.message });
}

export function ExercisePage({ sessionId }: { sessionId: string | null }) {
  const { t } = useT();
  const user = useSession((s) => s.user);
  const status = useSession((s) => s.status);
  usePageTitle(t('exercise_learnerTitle'));
  if (user === null)
    return (
      <main id="main" className="exercise-page" aria-busy={status === 'loading'}>
        <h1>{t('exercise_learnerTitle')}</h1>
        {status === 'loading' ? null : (
          <p>
            {t('exercise_signInNeeded')}{' '}
            <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
              {t('trainer_signIn')}
            </a>
          </p>
        )}
      </main>
    );
  return sessionId === null ? <JoinBox /> : <SessionLobby sessionId={sessionId} userId={user.id} />;
}

function JoinBox() {
  const { t } = useT();
  const id = useId();
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = normalizeClassCode(code);
    if (typed === undefined) return setError(t('trainer_joinBadFormat'));
    setBusy(true);
    setError(null);
    try {
      const { session } = await api('exerciseSessions.join', { body: { code: typed } });
      navigate(hrefFor({ page: 'exercise', session: session.id }));
    } catch (caught) {
      setError(failureText(caught, t));
      setBusy(false);
    }
  };
  return (
    <main id="main" className="exercise-page">
      <h1>{t('exercise_learnerTitle')}</h1>
      <section className="class-box" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('exercise_joinTitle')}</h2>
        <CodeJoinForm
          name="exercise-code"
          label={t('exercise_joinCode')}
          hint={t('exercise_joinHint')}
          submitLabel={busy ? t('trainer_joining') : t('exercise_join')}
          code={code}
          onCode={setCode}
          error={error}
          busy={busy}
          onSubmit={(event) => void onSubmit(event)}
        />
      </section>
    </main>
  );
}

function SessionLobby({ sessionId, userId }: { sessionId: string; userId: string }) {
  const { t, l } = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Until a role is ours, look again now and then: the trainer may assign one.
  const [session, setSession] = usePolledSession(
    sessionId,
    5000,
    (caught) => setError(failureText(caught, t)),
    (current) => !(current?.status === 'open' && current.participants.find((p) => p.userId === userId)?.role),
  );
  const me = session?.participants.find((p) => p.userId === userId);

  const choice = session ? exerciseChoice(session.exerciseId) : undefined;
  const nameOf = (roleId: string) => {
    const found = choice?.roles.find((r) => r.id === roleId);
    return found ? l(found.name) : roleId;
  };

  if (session && me?.role && session.status === 'open') return <LiveExercise sessionId={sessionId} />;

  const pick = async (role: string) => {
    setBusy(true);
    setError(null);
    try {
      setSession((await api('exerciseSessions.pickRole', { params: { sessionId }, body: { role } })).session);
    } catch (caught) {
      setError(failureText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="exercise-page" aria-busy={session === null && error === null}>
      <h1>{session ? (choice ? l(choice.title) : session.title) : t('exercise_learnerTitle')}</h1>
      {session?.status === 'ended' ? <p role="status">{t('exercise_sessionEnded')}</p> : null}
      {session?.status === 'open' ? (
        <section className="admin-card" aria-labelledby="exercise-roles-title">
          <h2 id="exercise-roles-title">{t('exercise_pickTitle')}</h2>
          <p>{t('exercise_pickHint')}</p>
          <ul className="exercise-role-list">
            {session.roleIds.map((roleId) => {
              const holders = session.participants.filter((p) => p.role === roleId);
              return (
                <li key={roleId} data-role={roleId}>
                  <strong>{nameOf(roleId)}</strong>{' '}
                  {holders.length > 0 ? (
                    t('exercise_roleHeldBy', { names: holders.map((h) => h.name).join(t('exercise_listSeparator')) })
                  ) : (
                    <button type="button" disabled={busy} onClick={() => void pick(roleId)}>
                      {t('exercise_takeRole', { role: nameOf(roleId) })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <p role="alert" className="form-error">
        {error}
      </p>
    </main>
  );
}

function LiveExercise({ sessionId }: { sessionId: string }) {
  const { t, l } = useT();
  const room = useExerciseRoom(sessionId);
  const view = room.view as RoleView | null;
  return (
    <main id="main" className="exercise-page exercise-live" data-room={room.status} aria-busy={view === null}>
      <h1>{view ? l(view.exercise.title) : t('exercise_learnerTitle')}</h1>
      <p role="status" className="exercise-connection">
        {room.status === 'live' && view
          ? t('exercise_youAre', { role: l(view.role.name) })
          : room.status === 'closed'
            ? t('exercise_sessionEnded')
            : room.status === 'failed'
              ? (room.failure ?? t('exercise_offline'))
              : room.status === 'reconnecting'
                ? t('exercise_reconnecting')
                : t('exercise_connecting')}
      </p>
      <RoomNoticeLine notice={room.notice} />
      {view && view.role ? (
        <div className="exercise-columns">
          <div>
            <RoleBriefing role={view.role} />
            <Actions view={view} send={room.send} />
            <Requests view={view} send={room.send} />
            {view.received.length > 0 ? (
              <section className="admin-card" aria-labelledby="exercise-received-title">
                <h2 id="exercise-received-title">{t('exercise_receivedTitle')}</h2>
                {view.received.map((r) => (
                  <DataTable
                    key={r.item}
                    columns={r.columns}
                    rows={r.rows}
                    caption={t('exercise_receivedFrom', { title: l(r.title), from: roleName(view, r.from, l, t) })}
                  />
                ))}
              </section>
            ) : null}
          </div>
          <div>
            <VoicePanel room={room} roleName={(role) => roleName(view, role, l, t)} />
            <SituationBoard view={view} />
            <Messages view={view} me={view.role.id} send={room.send} />
            <EventLog view={view} />
          </div>
        </div>
      ) : null}
    </main>
  );
}

function Actions({ view, send }: { view: RoleView; send: (command: Record<string, unknown>) => void }) {
  const { t, l } = useT();
  const finished = view.clock.finished;
  const now = view.actions.filter((a) => a.inPhase && !a.done);
  const done = view.actions.filter((a) => a.done);
  return (
    <section className="admin-card exercise-actions" aria-labelledby="exercise-actions-title">
      <h2 id="exercise-actions-title">{t('exercise_actionsTitle')}</h2>
      {now.length === 0 ? <p>{t('exercise_noActions')}</p> : null}
      <ul>
        {now.map((a) => (
          <li key={a.id} data-action={a.id}>
            <button type="button" disabled={finished} onClick={() => send({ type: 'act', action: a.id })}>
              {l(a.label)}
            </button>
            {a.missing.length > 0 ? <span className="hint"> {t('exercise_actionNotReady')}</span> : null}
          </li>
        ))}
      </ul>
      {done.length > 0 ? (
        <p className="hint">
          {t('exercise_actionsDone', { actions: done.map((a) => l(a.label)).join(t('exercise_listSeparator')) })}
        </p>
      ) : null}
    </section>
  );
}

function Requests({ view, send }: { view: RoleView; send: (command: Record<string, unknown>) => void }) {
  const { t } = useT();
  const me = view.role.id;
  const incoming = view.requests.filter((r) => r.to === me && r.answer === null);
  const others = view.requests.filter((r) => !(r.to === me && r.answer === null));
  return (
    <section className="admin-card exercise-requests" aria-labelledby="exercise-requests-title">
      <h2 id="exercise-requests-title">{t('exercise_requestsTitle')}</h2>
      {view.canRequest.length > 0 ? <NewRequestForm view={view} send={send} /> : null}
      {incoming.map((request) => (
        <AnswerForm key={request.id} view={view} requestId={request.id} send={send} />
      ))}
      {others.length > 0 ? (
        <>
          <h3>{t('exercise_requestsSoFar')}</h3>
          <ul>
            {others.map((request) => (
              <RequestLine key={request.id} view={view as RoleView & Record<string, unknown>} request={request} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function NewRequestForm({ view, send }: { view: RoleView; send: (command: Record<string, unknown>) => void }) {
  const { t, l } = useT();
  const id = useId();
  const [defId, setDefId] = useState(view.canRequest[0]?.id ?? '');
  const [fields, setFields] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const def = view.canRequest.find((q) => q.id === defId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!def) return;
    send({ type: 'request', request: def.id, fields, ...(note.trim() ? { note: note.trim() } : {}) });
    setFields([]);
    setNote('');
  };
  return (
    <form className="account-form exercise-request-form" onSubmit={onSubmit}>
      <h3 id={`${id}-title`}>{t('exercise_newRequest')}</h3>
      <label htmlFor={`${id}-def`}>{t('exercise_requestWhat')}</label>
      <select
        id={`${id}-def`}
        value={defId}
        onChange={(event) => {
          setDefId(event.target.value);
          setFields([]);
        }}
      >
        {view.canRequest.map((q) => (
          <option key={q.id} value={q.id}>
            {t('exercise_requestOption', {
              to: roleName(view, q.to, l, t),
              title: q.title ? l(q.title) : q.item,
              purpose: l(q.purpose),
            })}
          </option>
        ))}
      </select>
      {def ? (
        <fieldset>
          <legend>{t('exercise_requestColumns')}</legend>
          {def.columns.map((c) => (
            <label key={c.id} className="checkbox">
              <input
                type="checkbox"
                name="request-column"
                value={c.id}
                checked={fields.includes(c.id)}
                onChange={(event) => setFields(event.target.checked ? [...fields, c.id] : fields.filter((f) => f !== c.id))}
              />{' '}
              {l(c.label)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label htmlFor={`${id}-note`}>{t('exercise_requestNote')}</label>
      <input id={`${id}-note`} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
      <button type="submit" disabled={fields.length === 0 || view.clock.finished}>
        {t('exercise_requestSend')}
      </button>
    </form>
  );
}

function AnswerForm({
  view,
  requestId,
  send,
}: {
  view: RoleView;
  requestId: string;
  send: (command: Record<string, unknown>) => void;
}) {
  const { t, l } = useT();
  const id = useId();
  const request = view.requests.find((r) => r.id === requestId);
  const [decision, setDecision] = useState<'grant' | 'refuse'>('grant');
  const [basis, setBasis] = useState(view.legalBases[0]?.id ?? '');
  const [fields, setFields] = useState<string[]>([]);
  if (!request) return null;
  const labels = columnLabels(view as RoleView & Record<string, unknown>);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send({ type: 'answer', requestId: request.id, decision, basis, fields: decision === 'grant' ? fields : [] });
  };
  return (
    <form
      className="account-form exercise-answer-form"
      data-request={request.id}
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{t('exercise_incoming', { from: roleName(view, request.from, l, t), id: request.id })}</h3>
      <ul>
        <RequestLine view={view as RoleView & Record<string, unknown>} request={request} />
      </ul>
      <fieldset>
        <legend>{t('exercise_answerDecision')}</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-decision`} checked={decision === 'grant'} onChange={() => setDecision('grant')} />{' '}
          {t('exercise_grant')}
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-decision`} checked={decision === 'refuse'} onChange={() => setDecision('refuse')} />{' '}
          {t('exercise_refuse')}
        </label>
      </fieldset>
      <label htmlFor={`${id}-basis`}>{t('exercise_answerBasis')}</label>
      <select id={`${id}-basis`} value={basis} onChange={(event) => setBasis(event.target.value)}>
        {view.legalBases.map((b) => (
          <option key={b.id} value={b.id}>
            {l(b.text)}
          </option>
        ))}
      </select>
      {decision === 'grant' ? (
        <fieldset>
          <legend>{t('exercise_answerColumns')}</legend>
          {request.fields.map((f) => (
            <label key={f} className="checkbox">
              <input
                type="checkbox"
                name="grant-column"
                value={f}
                checked={fields.includes(f)}
                onChange={(event) => setFields(event.target.checked ? [...fields, f] : fields.filter((x) => x !== f))}
              />{' '}
              {labels.has(f) ? l(labels.get(f)!) : f}
            </label>
          ))}
        </fieldset>
      ) : null}
      <button type="submit" disabled={view.clock.finished || (decision === 'grant' && fields.length === 0)}>
        {t('exercise_answerSend')}
      </button>
    </form>
  );
}
