// API tokens for HR systems (?page=admin-tokens): the list, a form to create one (label and
// scopes), the new token shown once with a copy button, and revoking with a confirmation step.
// Below them, the xAPI credentials of external tools (./xapi-credentials-section.tsx).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../../client/api.ts';
import type { ApiTokenCreated, ApiTokenInfo, ApiTokenScope } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { ConsolePage } from './console-page.tsx';
import { formatDateTime } from './format.ts';
import { shown, useApi, useFailureMessage } from './use-api.ts';
import { LoadFailed } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';
import { XapiCredentialsSection } from './xapi-credentials-section.tsx';

const SCOPES: readonly { scope: ApiTokenScope; label: UiKey }[] = [
  { scope: 'reports:read', label: 'console_scope_reports_read' },
  { scope: 'ledger:read', label: 'console_scope_ledger_read' },
];
const scopeLabel = (scope: ApiTokenScope): UiKey => SCOPES.find((s) => s.scope === scope)?.label ?? 'console_none';

export function AdminTokensPage() {
  const { t } = useT();
  return (
    <ConsolePage section="tokens" title={t('console_tokensTitle')} className="admin-tokens">
      <Tokens />
    </ConsolePage>
  );
}

function Tokens() {
  const { t } = useT();
  const { state, reload } = useApi('tokens.list', {});
  const tokens = shown(state)?.tokens ?? null;
  return (
    <>
      <p className="hint">{t('console_tokensIntro')}</p>
      <CreateToken onCreated={reload} />
      <LoadFailed state={state} onRetry={reload} />
      {tokens === null ? (
        state.kind === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : null
      ) : (
        <TokenList tokens={tokens} onRevoked={reload} />
      )}
      <XapiCredentialsSection />
    </>
  );
}

function CreateToken({ onCreated }: { onCreated: () => void }) {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<ApiTokenScope>>(new Set(['reports:read']));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (label.trim() === '') return setError(t('console_tokenNoLabel'));
    if (scopes.size === 0) return setError(t('console_tokenNoScope'));
    setBusy(true);
    try {
      const token = await api('tokens.create', {
        body: { label: label.trim(), scopes: SCOPES.map((s) => s.scope).filter((s) => scopes.has(s)) },
      });
      setCreated(token);
      setLabel('');
      onCreated();
    } catch (caught) {
      setError(failure(caught, '/api/v1/admin/api-tokens'));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (scope: ApiTokenScope, on: boolean) =>
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  return (
    <section className="admin-card token-create" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_tokenCreate')}</h2>
      <form className="account-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <label htmlFor={`${id}-label`}>{t('console_tokenLabel')}</label>
        <input
          id={`${id}-label`}
          name="label"
          autoComplete="off"
          maxLength={100}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <fieldset className="scope-choices">
          <legend>{t('console_tokenScopes')}</legend>
          {SCOPES.map(({ scope, label: scopeKey }) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                checked={scopes.has(scope)}
                onChange={(event) => toggle(scope, event.target.checked)}
              />{' '}
              {t(scopeKey)} <code>{scope}</code>
            </label>
          ))}
        </fieldset>
        <div id={`${id}-error`} role="alert" className="form-error">
          {error}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('console_tokenCreate')}
        </button>
      </form>
      {created ? <NewToken token={created} /> : null}
    </section>
  );
}

function NewToken({ token }: { token: ApiTokenCreated }) {
  const { t } = useT();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const value = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  // Focus goes to the new token, so nobody misses that it is shown only once.
  useEffect(() => box.current?.focus(), [token.id]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      // Selected instead, ready for Ctrl+C.
      const range = document.createRange();
      if (value.current) range.selectNodeContents(value.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopied('failed');
    }
  };
  return (
    <div
      ref={box}
      className="new-token"
      role="group"
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-once`}
    >
      <p id={`${id}-title`} className="success">
        {t('console_tokenCreated', { label: token.label })}
      </p>
      <p id={`${id}-once`} className="warning">
        <strong>{t('console_tokenOnce')}</strong>
      </p>
      <p>
        <span id={`${id}-value-label`}>{t('console_tokenValue')}</span>:{' '}
        <code ref={value} className="token-value" aria-labelledby={`${id}-value-label`} data-token-id={token.id}>
          {token.token}
        </code>
      </p>
      <p>
        <button type="button" onClick={() => void copy()}>
          {t('console_copy')}
        </button>{' '}
        <span className="copy-state">
          {copied === 'yes' ? t('console_copied') : copied === 'failed' ? t('console_copyFailed') : ''}
        </span>
      </p>
    </div>
  );
}

function TokenList({ tokens, onRevoked }: { tokens: readonly ApiTokenInfo[]; onRevoked: () => void }) {
  const { t } = useT();
  const id = useId();
  const [revoked, setRevoked] = useState<string | null>(null);
  return (
    <section className="token-list" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_tokensList')}</h2>
      <p role="status" className="success">
        {revoked !== null ? t('console_revoked', { label: revoked }) : null}
      </p>
      {tokens.length === 0 ? (
        <p>{t('console_noTokens')}</p>
      ) : (
        <TableScroll label={t('console_tokensList')}>
          <table className="data-table token-table">
            <caption>{t('console_tokensCaption', { count: tokens.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console_colLabel')}</th>
                <th scope="col">{t('console_colScopes')}</th>
                <th scope="col">{t('console_colPrefix')}</th>
                <th scope="col">{t('console_colCreated')}</th>
                <th scope="col">{t('console_colLastUsed')}</th>
                <th scope="col">{t('console_colRevoked')}</th>
                <th scope="col">{t('console_colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  onRevoked={() => {
                    setRevoked(token.label);
                    onRevoked();
                  }}
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function TokenRow({ token, onRevoked }: { token: ApiTokenInfo; onRevoked: () => void }) {
  const { t, locale } = useT();
  const failure = useFailureMessage();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus moves to the question when it appears, and back to Revoke when it is cancelled.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (asked.current) revokeRef.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('tokens.revoke', { params: { tokenId: token.id } });
      setConfirming(false);
      onRevoked();
    } catch (caught) {
      setError(failure(caught, '/api/v1/admin/api-tokens'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-token-id={token.id} data-revoked={token.revokedAt !== null}>
      <th scope="row">{token.label}</th>
      <td>{token.scopes.map((scope) => t(scopeLabel(scope))).join(locale === 'en' ? ', ' : '、')}</td>
      <td>
        <code>{token.prefix}…</code>
      </td>
      <td>{t('console_createdBy', { when: formatDateTime(token.createdAt, locale), who: token.createdBy })}</td>
      <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : t('console_neverUsed')}</td>
      <td>{token.revokedAt ? t('console_revokedAt', { when: formatDateTime(token.revokedAt, locale) }) : t('console_active')}</td>
      <td>
        {token.revokedAt !== null ? null : confirming ? (
          <div className="revoke-confirm" role="group" aria-label={t('console_revokeLabel', { label: token.label })}>
            <p>{t('console_revokeConfirm', { label: token.label })}</p>
            <button ref={confirmRef} type="button" className="danger" disabled={busy} onClick={() => void revoke()}>
              {t('console_revokeYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('console_cancel')}
            </button>
          </div>
        ) : (
          <button
            ref={revokeRef}
            type="button"
            aria-label={t('console_revokeLabel', { label: token.label })}
            onClick={() => setConfirming(true)}
          >
            {t('console_revoke')}
          </button>
        )}
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
