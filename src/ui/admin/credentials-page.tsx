// Credentials (?page=admin-credentials): the certificates issued, searched by learner or course and
// filtered by status, with who revoked each and when, and Revoke: a written reason and a second,
// explicit confirmation, since a revocation is final. A department admin sees their department's
// only; the server checks both again on every request.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../../client/api.ts';
import type { CredentialItem, CredentialStatus } from '../../contracts/credential-types.ts';
import { CREDENTIAL_STATUSES } from '../../contracts/credential-types.ts';
import { useT } from '../../i18n/i18n.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { ConsolePage } from './console-page.tsx';
import { formatDateTime } from './format.ts';
import { LoadFailed } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';
import { shown, useApi, useFailureMessage } from './use-api.ts';

const STATUS_KEYS: Readonly<Record<CredentialStatus, UiKey>> = {
  valid: 'credentials_statusValid',
  revoked: 'credentials_statusRevoked',
  expired: 'credentials_statusExpired',
};

/** The least a revocation reason says (the server asks the same). */
const MIN_REASON = 10;

export function AdminCredentialsPage() {
  const { t } = useT();
  return (
    <ConsolePage section="credentials" title={t('credentials_title')} className="admin-credentials">
      <Credentials />
    </ConsolePage>
  );
}

function Credentials() {
  const { t } = useT();
  const id = useId();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<CredentialStatus | ''>('');
  const [asked, setAsked] = useState<{ q: string; status: CredentialStatus | '' }>({ q: '', status: '' });
  const { state, reload } = useApi('credentials.list', {
    query: { q: asked.q === '' ? undefined : asked.q, status: asked.status === '' ? undefined : asked.status },
  });
  const data = shown(state);
  const [notice, setNotice] = useState<string | null>(null);
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setAsked({ q: search.trim(), status });
  };
  return (
    <>
      <p className="hint">{t('credentials_intro')}</p>
      <form className="credentials-filters" onSubmit={onSearch} role="search" aria-label={t('credentials_search')}>
        <label htmlFor={`${id}-q`}>{t('credentials_searchLabel')}</label>
        <input id={`${id}-q`} type="search" value={search} maxLength={200} onChange={(event) => setSearch(event.target.value)} />
        <label htmlFor={`${id}-status`}>{t('credentials_statusLabel')}</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value as CredentialStatus | '')}>
          <option value="">{t('credentials_statusAll')}</option>
          {CREDENTIAL_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(STATUS_KEYS[value])}
            </option>
          ))}
        </select>
        <button type="submit">{t('credentials_searchButton')}</button>
      </form>
      <LoadFailed state={state} onRetry={reload} />
      <p role="status" className="credentials-notice">
        {notice}
      </p>
      {data === null ? (
        state.kind === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : null
      ) : data.credentials.length === 0 ? (
        <p>{t('credentials_none')}</p>
      ) : (
        <TableScroll label={t('credentials_title')}>
          <table className="data-table credentials-table">
            <thead>
              <tr>
                <th scope="col">{t('credentials_holder')}</th>
                <th scope="col">{t('credentials_achievement')}</th>
                <th scope="col">{t('credentials_issued')}</th>
                <th scope="col">{t('credentials_status')}</th>
                <th scope="col">{t('credentials_action')}</th>
              </tr>
            </thead>
            <tbody>
              {data.credentials.map((item) => (
                <CredentialRow
                  key={item.id}
                  item={item}
                  onRevoked={(revoked) => {
                    setNotice(t('credentials_revokedNotice', { name: revoked.subjectName }));
                    reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

function CredentialRow({ item, onRevoked }: { item: CredentialItem; onRevoked: (item: CredentialItem) => void }) {
  const { t, l, locale } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Focus moves to the reason when the form opens, and back to Revoke when it is cancelled.
  useEffect(() => {
    if (open) reasonRef.current?.focus();
    else if (wasOpen.current) revokeRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const revoke = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if ([...text].length < MIN_REASON) return setError(t('credentials_reasonTooShort', { min: MIN_REASON }));
    setBusy(true);
    setError(null);
    try {
      const revoked = await api('credentials.revoke', { params: { credentialId: item.id }, body: { reason: text } });
      setOpen(false);
      onRevoked(revoked);
    } catch (caught) {
      setError(failure(caught, '/api/v1/admin/credentials'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-credential={item.id} data-status={item.status}>
      <th scope="row">
        {item.subjectName} <span className="muted">({item.username})</span>
      </th>
      <td>{l(item.achievementName)}</td>
      <td>{formatDateTime(item.issuedAt, locale)}</td>
      <td>
        {t(STATUS_KEYS[item.status])}
        {item.revokedAt !== null ? (
          <p className="credentials-revoked">
            {t('credentials_revokedBy', {
              who: item.revokedBy ?? '—',
              when: formatDateTime(item.revokedAt, locale),
              reason: item.revokedReason ?? '',
            })}
          </p>
        ) : null}
      </td>
      <td>
        {item.revokedAt !== null ? null : open ? (
          <form
            className="revoke-confirm"
            onSubmit={(event) => void revoke(event)}
            aria-label={t('credentials_revokeOf', { name: item.subjectName })}
          >
            <p>{t('credentials_revokeWarning')}</p>
            <label htmlFor={`${id}-reason`}>{t('credentials_reasonLabel')}</label>
            <textarea
              ref={reasonRef}
              id={`${id}-reason`}
              rows={2}
              maxLength={500}
              required
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            <button type="submit" className="danger" disabled={busy}>
              {t('credentials_revokeConfirm')}
            </button>{' '}
            <button type="button" onClick={() => setOpen(false)}>
              {t('console_cancel')}
            </button>
          </form>
        ) : (
          <button
            ref={revokeRef}
            type="button"
            aria-label={t('credentials_revokeOf', { name: item.subjectName })}
            onClick={() => setOpen(true)}
          >
            {t('credentials_revoke')}
          </button>
        )}
        <p id={`${id}-error`} role="alert" className="form-error">
          {error}
        </p>
      </td>
    </tr>
  );
}
