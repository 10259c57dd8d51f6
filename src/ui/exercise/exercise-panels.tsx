// The parts of a joint exercise page that learners and the trainer share: the situation board
// (phase, clock, outcome variables, board items, injects), a role's briefing and private items, the
// event log (a live region), requests between departments and messages. Every button sends a
// command to the room; the room decides, and a refusal comes back as a notice.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n.ts';
import type { RoomNotice } from '../../client/exercise-room.ts';
import {
  clockText,
  type ColumnView,
  type CommonView,
  type PrivateItemView,
  type RequestView,
  type RoleInfo,
  type TimelineView,
} from './exercise-view.ts';

type Send = (command: Record<string, unknown>) => void;

function roleName(view: CommonView, roleId: string, l: ReturnType<typeof useT>['l'], t: ReturnType<typeof useT>['t']): string {
  if (roleId === 'trainer') return t('exercise_trainer');
  if (roleId === 'all') return t('exercise_toAll');
  const role = view.roles.find((r) => r.id === roleId);
  return role ? l(role.name) : roleId;
}

/** Column labels from every table the view shows (own, received, catalogue). */
function columnLabels(view: CommonView & Record<string, unknown>): Map<string, ColumnView['label']> {
  const labels = new Map<string, ColumnView['label']>();
  const tables: { columns: readonly ColumnView[] }[] = [];
  const own = (view['role'] as RoleInfo | undefined)?.private ?? [];
  for (const role of (view['allRoles'] as RoleInfo[] | undefined) ?? []) tables.push(...(role.private ?? []).filter(isTable));
  tables.push(...own.filter(isTable));
  tables.push(...((view['canRequest'] as { columns: readonly ColumnView[] }[] | undefined) ?? []));
  for (const table of tables) for (const column of table.columns) labels.set(column.id, column.label);
  return labels;
}

function isTable(item: PrivateItemView): item is Extract<PrivateItemView, { kind: 'table' }> {
  return item.kind === 'table';
}

export function RoomNoticeLine({ notice }: { notice: RoomNotice | null }) {
  const { t } = useT();
  return (
    <p role="alert" className="form-error exercise-notice" data-code={notice?.code}>
      {notice ? t('exercise_refused', { reason: notice.reason }) : null}
    </p>
  );
}

/**
 * The exercise time shown: the view's time, running on by the second between views while the
 * clock runs (the room sends a view only when something changes).
 */
function useRunningClock(clock: CommonView['clock']): number {
  const [since, setSince] = useState(() => ({ clock, at: Date.now() }));
  const [now, setNow] = useState(() => Date.now());
  if (since.clock !== clock) setSince({ clock, at: Date.now() });
  const running = !clock.paused && !clock.finished;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return running ? clock.elapsedMs + Math.max(0, now - since.at) : clock.elapsedMs;
}

export function SituationBoard({ view, elapsedMs }: { view: CommonView; elapsedMs?: number }) {
  const { t, l } = useT();
  const id = useId();
  // The replay names its own time: the moment the review stands at, not the wall clock.
  const running = useRunningClock(view.clock);
  const elapsed = elapsedMs ?? running;
  return (
    <section className="admin-card exercise-board" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('exercise_boardTitle')}</h2>
      <p className="exercise-phase" data-phase={view.phase.id}>
        {t('exercise_phase', {
          index: view.phase.index + 1,
          count: view.phase.count,
          title: view.phase.title ? l(view.phase.title) : view.phase.id,
        })}{' '}
        · {t('exercise_clock', { time: clockText(elapsed) })}{' '}
        {view.clock.finished ? `· ${t('exercise_finished')}` : view.clock.paused ? `· ${t('exercise_paused')}` : null}
      </p>
      {view.variables.length > 0 ? (
        <dl className="exercise-variables">
          {view.variables.map((v) => (
            <div key={v.id} data-variable={v.id}>
              <dt>{l(v.label)}</dt>
              <dd>{v.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {view.board.map((item) => (
        <article key={item.id}>
          <h3>{l(item.title)}</h3>
          <p>{l(item.body)}</p>
        </article>
      ))}
      {view.injects.length > 0 ? (
        <>
          <h3>{t('exercise_injectsTitle')}</h3>
          <ul className="exercise-injects">
            {view.injects.map((inject) => (
              <li key={inject.id} data-inject={inject.id}>
                <strong>{l(inject.title)}</strong> ({clockText(inject.atMs)}): {l(inject.text)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function PrivateItems({ items, heading }: { items: readonly PrivateItemView[]; heading: string }) {
  const { l } = useT();
  return (
    <>
      {items.map((item) => (
        <article key={item.id} className="exercise-private" data-item={item.id}>
          <h3>{`${heading}: ${l(item.title)}`}</h3>
          {item.kind === 'table' ? (
            <DataTable columns={item.columns} rows={item.rows} caption={l(item.title)} />
          ) : (
            <p className={item.kind === 'screen' ? 'exercise-screen' : undefined}>{l(item.body)}</p>
          )}
        </article>
      ))}
    </>
  );
}

export function DataTable({
  columns,
  rows,
  caption,
}: {
  columns: readonly ColumnView[];
  rows: readonly (readonly string[])[];
  caption: string;
}) {
  const { l } = useT();
  return (
    // Focusable, so a table wider than the column scrolls from the keyboard too.
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {l(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // Rows have no id of their own; their order is fixed by the exercise file.
            <tr key={index}>
              {row.map((cell, cellIndex) => (
                <td key={cellIndex}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RoleBriefing({
  role,
  trainer = false,
}: {
  role: RoleInfo & { briefing: RoleInfo['briefing']; private: readonly PrivateItemView[] };
  /** Shown to the trainer: named as that role's, not as the reader's own. */
  trainer?: boolean;
}) {
  const { t, l } = useT();
  const id = useId();
  return (
    <section className="admin-card exercise-briefing" aria-labelledby={`${id}-title`} data-role={role.id}>
      <h2 id={`${id}-title`}>{t(trainer ? 'exercise_briefingOfRole' : 'exercise_briefingTitle', { role: l(role.name) })}</h2>
      <p className="exercise-remit">{t('exercise_remit', { remit: l(role.remit) })}</p>
      {role.briefing ? <p className="exercise-briefing-text">{l(role.briefing)}</p> : null}
      <PrivateItems
        items={role.private}
        heading={trainer ? t('exercise_privateOfRole', { role: l(role.name) }) : t('exercise_privateItem')}
      />
    </section>
  );
}

function timelineText(
  view: CommonView,
  entry: TimelineView,
  l: ReturnType<typeof useT>['l'],
  t: ReturnType<typeof useT>['t'],
): string {
  switch (entry.kind) {
    case 'action': {
      const taken = view.taken.find((a) => a.id === entry.action);
      const text = t('exercise_logAction', {
        role: roleName(view, entry.role, l, t),
        action: taken ? l(taken.label) : entry.action,
      });
      return taken?.announce ? t('exercise_logAnnounced', { text, announce: l(taken.announce) }) : text;
    }
    case 'inject': {
      const inject = view.injects.find((i) => i.id === entry.inject);
      return t('exercise_logInject', { title: inject ? l(inject.title) : entry.inject });
    }
    case 'phase': {
      const phase = view.phases.find((p) => p.id === entry.phase);
      return t('exercise_logPhase', { phase: phase ? l(phase.title) : entry.phase });
    }
    case 'pause':
      return t('exercise_logPause');
    case 'resume':
      return t('exercise_logResume');
    case 'end':
      return t('exercise_logEnd');
  }
}

export function EventLog({ view }: { view: CommonView }) {
  const { t, l } = useT();
  const id = useId();
  const entries = [...view.timeline].reverse();
  return (
    <section className="admin-card exercise-log" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('exercise_logTitle')}</h2>
      {entries.length === 0 ? <p>{t('exercise_logEmpty')}</p> : null}
      {/* New events are announced politely as they arrive. */}
      <ol aria-live="polite" aria-relevant="additions" reversed>
        {entries.map((entry) => (
          <li key={entry.seq} data-kind={entry.kind}>
            <span className="exercise-time">{clockText(entry.atMs)}</span> {timelineText(view, entry, l, t)}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Messages({ view, me, send }: { view: CommonView; me: string; send: Send }) {
  const { t, l } = useT();
  const id = useId();
  const [to, setTo] = useState('all');
  const [text, setText] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    send({ type: 'message', to, text: text.trim() });
    setText('');
  };
  return (
    <section className="admin-card exercise-messages" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('exercise_messagesTitle')}</h2>
      <ul aria-live="polite" aria-relevant="additions">
        {view.messages.map((m) => (
          <li key={m.seq} data-from={m.from} data-to={m.to}>
            <strong>{t('exercise_messageFrom', { from: roleName(view, m.from, l, t), to: roleName(view, m.to, l, t) })}</strong>{' '}
            {m.text}
          </li>
        ))}
      </ul>
      <form className="account-form exercise-message-form" onSubmit={onSubmit}>
        <label htmlFor={`${id}-to`}>{t('exercise_messageTo')}</label>
        <select id={`${id}-to`} value={to} onChange={(event) => setTo(event.target.value)}>
          <option value="all">{t('exercise_toAll')}</option>
          {view.roles
            .filter((r) => r.id !== me)
            .map((r) => (
              <option key={r.id} value={r.id}>
                {l(r.name)}
              </option>
            ))}
        </select>
        <label htmlFor={`${id}-text`}>{t('exercise_messageText')}</label>
        <textarea id={`${id}-text`} maxLength={1000} rows={2} value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">{t('exercise_messageSend')}</button>
      </form>
    </section>
  );
}

/** One request, as a line: who asked whom, for which columns, and the answer so far. */
export function RequestLine({ view, request }: { view: CommonView & Record<string, unknown>; request: RequestView }) {
  const { t, l } = useT();
  const labels = columnLabels(view);
  const fields = (ids: readonly string[]) =>
    ids.map((f) => (labels.has(f) ? l(labels.get(f)!) : f)).join(t('exercise_listSeparator'));
  const basis = (basisId: string) => {
    const found = view.legalBases.find((b) => b.id === basisId);
    return found ? l(found.text) : basisId;
  };
  return (
    <li data-request={request.id} data-answer={request.answer?.decision ?? 'open'}>
      {t('exercise_requestLine', {
        from: roleName(view, request.from, l, t),
        to: roleName(view, request.to, l, t),
        fields: fields(request.fields),
      })}
      {request.note ? ` (${request.note})` : ''} —{' '}
      {request.answer === null
        ? t('exercise_requestOpen')
        : request.answer.decision === 'grant'
          ? t('exercise_requestGranted', { fields: fields(request.answer.fields), basis: basis(request.answer.basis) })
          : t('exercise_requestRefused', { basis: basis(request.answer.basis) })}
    </li>
  );
}

/** The trainer's choice of whose view to show (the control page and the replay). */
export function RolePicker({
  roles,
  value,
  onChange,
}: {
  roles: readonly RoleInfo[];
  value: string;
  onChange: (roleId: string) => void;
}) {
  const { t, l } = useT();
  const id = useId();
  return (
    <section className="admin-card" aria-labelledby={`${id}-roles`}>
      <h2 id={`${id}-roles`}>{t('exercise_roleViews')}</h2>
      <label htmlFor={`${id}-role`}>{t('exercise_showRole')}</label>{' '}
      <select id={`${id}-role`} value={value} onChange={(event) => onChange(event.target.value)}>
        {roles.map((r) => (
          <option key={r.id} value={r.id}>
            {l(r.name)}
          </option>
        ))}
      </select>
    </section>
  );
}

export { columnLabels, roleName, timelineText };
