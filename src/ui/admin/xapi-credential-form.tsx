// The form that issues an xAPI credential for an external tool: an optional key (generated when
// left empty), a label and the scopes. The section above it shows the new secret, once.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../client/api.ts';
import {
  XAPI_CREDENTIAL_SCOPES,
  type XapiCredentialScope,
  type XapiCredentialSecret,
} from '../../contracts/account-lifecycle.ts';
import { useT } from '../../i18n/i18n.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { useFailureMessage } from './use-api.ts';

const SCOPE_LABELS: Readonly<Record<XapiCredentialScope, UiKey>> = {
  all: 'xapi_scope_all',
  'statements/read': 'xapi_scope_read',
  'statements/write': 'xapi_scope_write',
  state: 'xapi_scope_state',
  define: 'xapi_scope_define',
  profile: 'xapi_scope_profile',
};

export function XapiCredentialForm({ onCreated }: { onCreated: (created: XapiCredentialSecret) => void }) {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<XapiCredentialScope>>(new Set(['statements/write']));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (scopes.size === 0) return setError(t('console_tokenNoScope'));
    if (/[:\s]/.test(key.trim())) return setError(t('xapi_keyInvalid'));
    setBusy(true);
    try {
      const created = await api('xapiCredentials.create', {
        body: {
          key: key.trim() === '' ? null : key.trim(),
          label: label.trim() === '' ? null : label.trim(),
          scopes: XAPI_CREDENTIAL_SCOPES.filter((scope) => scopes.has(scope)),
        },
      });
      setKey('');
      setLabel('');
      onCreated(created);
    } catch (caught) {
      setError(failure(caught, '/api/v1/admin/xapi-credentials'));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (scope: XapiCredentialScope, on: boolean) =>
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  return (
    <form
      className="account-form xapi-create"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h3 id={`${id}-title`}>{t('xapi_create')}</h3>
      <label htmlFor={`${id}-key`}>{t('xapi_newKey')}</label>
      <input
        id={`${id}-key`}
        name="key"
        autoComplete="off"
        maxLength={64}
        value={key}
        onChange={(event) => setKey(event.target.value)}
        aria-describedby={`${id}-key-hint${error ? ` ${id}-error` : ''}`}
      />
      <p id={`${id}-key-hint`} className="hint">
        {t('xapi_newKeyHint')}
      </p>
      <label htmlFor={`${id}-label`}>{t('xapi_newLabel')}</label>
      <input
        id={`${id}-label`}
        name="label"
        autoComplete="off"
        maxLength={100}
        value={label}
        onChange={(event) => setLabel(event.target.value)}
      />
      <fieldset className="scope-choices">
        <legend>{t('console_tokenScopes')}</legend>
        {XAPI_CREDENTIAL_SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              checked={scopes.has(scope)}
              onChange={(event) => toggle(scope, event.target.checked)}
            />{' '}
            {t(SCOPE_LABELS[scope])} <code>{scope}</code>
          </label>
        ))}
      </fieldset>
      <div id={`${id}-error`} role="alert" className="form-error">
        {error}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('xapi_create')}
      </button>
    </form>
  );
}
