// The directory sync on the users page (organisation admin): which directory keeps the accounts in
// step, when it last ran and what it changed, the last failure and why, and a Run now button.
import { useId, useState } from 'react';
import type { DirectorySyncRun, DirectorySyncStatus } from '../../contracts/identity-types.ts';
import { api } from '../../client/api.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatDateTime } from './format.ts';
import { LoadFailed } from './load-state.tsx';
import { shown, useApi, useFailureMessage } from './use-api.ts';

const PATH = '/api/v1/admin/directory-sync/run';

function RunLine({ run }: { readonly run: DirectorySyncRun }) {
  const { t, locale } = useT();
  const by =
    run.trigger === 'admin' ? t('directorySync_byAdmin', { name: run.actor ?? '' }) : t(`directorySync_by_${run.trigger}`);
  return (
    <>
      <time dateTime={run.finished}>{formatDateTime(run.finished, locale)}</time> · {by}
      {run.error === null
        ? ` · ${t('directorySync_counts', { read: run.read, updated: run.updated, disabled: run.disabled, refused: run.refused })}`
        : ` · ${run.error}`}
    </>
  );
}

export function DirectorySyncSection() {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const { state, reload } = useApi('admin.directorySync.get', {});
  const [latest, setLatest] = useState<DirectorySyncStatus | null>(null);
  const status = latest ?? shown(state);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const runNow = async () => {
    setBusy(true);
    setMessage('');
    try {
      const answer = await api('admin.directorySync.run', {});
      setLatest(answer);
      setMessage(answer.last?.error == null ? t('directorySync_done') : t('directorySync_failed'));
    } catch (caught) {
      setMessage(failure(caught, PATH));
      reload();
    }
    setBusy(false);
  };

  return (
    <section className="directory-sync" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('directorySync_title')}</h2>
      {state.kind === 'failed' ? <LoadFailed state={state} onRetry={reload} /> : null}
      {status === null ? null : !status.configured ? (
        <p className="hint">{t('directorySync_none')}</p>
      ) : (
        <>
          <dl>
            <dt>{t('directorySync_directory')}</dt>
            <dd>{status.provider}</dd>
            <dt>{t('directorySync_schedule')}</dt>
            <dd>
              {status.intervalMinutes !== null && status.intervalMinutes > 0
                ? t('directorySync_every', { minutes: status.intervalMinutes })
                : t('directorySync_unscheduled')}
            </dd>
            <dt>{t('directorySync_last')}</dt>
            <dd>{status.last === null ? t('directorySync_never') : <RunLine run={status.last} />}</dd>
            <dt>{t('directorySync_lastError')}</dt>
            <dd>{status.lastError === null ? t('directorySync_noError') : <RunLine run={status.lastError} />}</dd>
          </dl>
          <button type="button" disabled={busy} onClick={() => void runNow()}>
            {t('directorySync_runNow')}
          </button>
        </>
      )}
      <p role="status" className="success">
        {message}
      </p>
    </section>
  );
}
