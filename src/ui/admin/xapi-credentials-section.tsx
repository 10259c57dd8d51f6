// The xAPI credentials of external tools, on the API tokens page: a form to issue one
// (./xapi-credential-form.tsx), and each one's key, label, scopes and date, with Rotate (a new
// secret; the old one stops working at once) and Revoke. A new secret is shown this once.
import { useId, useState } from 'react';
import { api } from '../../client/api.ts';
import type { XapiCredentialSecret } from '../../contracts/account-lifecycle.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatDateTime } from './format.ts';
import { LoadFailed } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';
import { XapiCredentialForm } from './xapi-credential-form.tsx';
import { shown, useApi, useFailureMessage } from './use-api.ts';

export function XapiCredentialsSection() {
  const { t, locale } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const { state, reload } = useApi('xapiCredentials.list', {});
  const credentials = shown(state)?.credentials ?? null;
  const [message, setMessage] = useState('');
  const [secret, setSecret] = useState<XapiCredentialSecret | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (key: string, action: 'rotate' | 'revoke') => {
    const path = `/api/v1/admin/xapi-credentials/${encodeURIComponent(key)}${action === 'rotate' ? '/rotate' : ''}`;
    setBusy(true);
    setSecret(null);
    try {
      if (action === 'rotate') {
        setSecret(await api('xapiCredentials.rotate', { params: { key } }));
        setMessage(t('xapi_rotated', { key }));
      } else {
        await api('xapiCredentials.revoke', { params: { key } });
        setMessage(t('xapi_revoked', { key }));
      }
      reload();
    } catch (caught) {
      setMessage(failure(caught, path));
    }
    setBusy(false);
  };

  return (
    <section className="xapi-credentials" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('xapi_title')}</h2>
      <p className="hint">{t('xapi_intro')}</p>
      <p role="status" className="success">
        {message}
      </p>
      {secret !== null ? (
        <p className="xapi-new-secret">
          <strong>{t('console_tokenOnce')}</strong> {t('xapi_secret', { key: secret.key })}:{' '}
          <code className="xapi-secret" data-key={secret.key}>
            {secret.secret}
          </code>
        </p>
      ) : null}
      <XapiCredentialForm
        onCreated={(created) => {
          setSecret(created);
          setMessage(t('xapi_issued', { key: created.key }));
          reload();
        }}
      />
      <LoadFailed state={state} onRetry={reload} />
      {credentials === null ? null : credentials.length === 0 ? (
        <p>{t('xapi_none')}</p>
      ) : (
        <TableScroll label={t('xapi_title')}>
          <table className="data-table xapi-table">
            <caption>{t('xapi_caption', { count: credentials.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('xapi_key')}</th>
                <th scope="col">{t('console_tokenLabel')}</th>
                <th scope="col">{t('console_tokenScopes')}</th>
                <th scope="col">{t('xapi_created')}</th>
                <th scope="col">{t('users_actions')}</th>
              </tr>
            </thead>
            <tbody>
              {credentials.map((credential) => (
                <tr key={credential.key} data-key={credential.key}>
                  <th scope="row">
                    <code>{credential.key}</code>
                  </th>
                  <td>{credential.label}</td>
                  <td>{credential.scopes.join(' ')}</td>
                  <td>{formatDateTime(credential.created, locale)}</td>
                  <td>
                    <div className="toolbar" role="group" aria-label={t('xapi_actionsFor', { key: credential.key })}>
                      <button type="button" disabled={busy} onClick={() => void act(credential.key, 'rotate')}>
                        {t('xapi_rotate')}
                      </button>
                      <button type="button" disabled={busy} onClick={() => void act(credential.key, 'revoke')}>
                        {t('xapi_revoke')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
