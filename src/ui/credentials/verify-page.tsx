// The public verify page (/verify, the address in a certificate's QR code): paste a credential or
// upload its file, and see who issued it, to whom, for what, and whether it is valid, revoked,
// expired or tampered (naming what was changed). The check runs on this site's server
// (POST /api/v1/credentials/verify), with its own DID document and status lists; no other site is contacted.
import { useId, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { api, ApiError } from '../../client/api.ts';
import type { VerificationReportView } from '../../contracts/credential-types.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';

type Check =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'done'; readonly report: VerificationReportView }
  | { readonly kind: 'failed'; readonly message: string };

/** A token stays a string; anything else must be a JSON object. */
function credentialOf(text: string): Record<string, unknown> | string {
  const trimmed = text.trim();
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)) return trimmed;
  const value = JSON.parse(trimmed) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('not a JSON object');
  return value as Record<string, unknown>;
}

const FIELD_KEYS: Readonly<Record<string, UiKey>> = {
  issuer: 'verify_field_issuer',
  subject: 'verify_field_subject',
  achievement: 'verify_field_achievement',
  score: 'verify_field_score',
  dates: 'verify_field_dates',
  evidence: 'verify_field_evidence',
  status: 'verify_field_status',
};

export function VerifyPage({ expectedId }: { expectedId: string | null }) {
  const { t } = useT();
  const id = useId();
  usePageTitle(t('verify_title'));
  const [text, setText] = useState('');
  const [check, setCheck] = useState<Check>({ kind: 'idle' });

  const verify = async (input: string) => {
    if (input.trim() === '') {
      setCheck({ kind: 'failed', message: t('verify_empty') });
      return;
    }
    let credential: Record<string, unknown> | string;
    try {
      credential = credentialOf(input);
    } catch {
      setCheck({ kind: 'failed', message: t('verify_status_unverifiable') });
      return;
    }
    setCheck({ kind: 'checking' });
    try {
      setCheck({ kind: 'done', report: await api('credentials.verify', { body: { credential } }) });
    } catch (error) {
      setCheck({ kind: 'failed', message: error instanceof ApiError ? error.message : t('signIn_offline') });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void verify(text);
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    const content = await file.text();
    setText(content);
    void verify(content);
  };

  return (
    <main id="main" className="verify-page" aria-busy={check.kind === 'checking'}>
      <h1>{t('verify_title')}</h1>
      <p>{t('verify_intro')}</p>
      {expectedId !== null ? <p className="certificate-id">{t('verify_expecting', { id: expectedId })}</p> : null}
      <form onSubmit={onSubmit} className="verify-form">
        <label htmlFor={`${id}-file`}>{t('verify_upload')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.jwt,application/json,text/plain"
          onChange={(event) => void onFile(event)}
        />
        <label htmlFor={`${id}-text`}>{t('verify_paste')}</label>
        <textarea id={`${id}-text`} rows={8} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
        <button type="submit" className="primary" disabled={check.kind === 'checking'}>
          {check.kind === 'checking' ? t('verify_checking') : t('verify_submit')}
        </button>
      </form>
      <section aria-labelledby={`${id}-result`} aria-live="polite">
        <h2 id={`${id}-result`}>{t('verify_result')}</h2>
        {check.kind === 'failed' ? <p role="alert">{check.message}</p> : null}
        {check.kind === 'done' ? <Report report={check.report} expectedId={expectedId} /> : null}
      </section>
    </main>
  );
}

function Report({ report, expectedId }: { report: VerificationReportView; expectedId: string | null }) {
  const { t } = useT();
  const { summary } = report;
  const rows: [UiKey, string | null][] = [
    ['verify_issuer', summary.issuerName === null ? summary.issuerId : `${summary.issuerName} (${summary.issuerId ?? ''})`],
    ['verify_subject', summary.subjectName],
    ['verify_achievement', summary.achievementName],
    ['verify_score', summary.score === null ? null : `${summary.score}%`],
    ['verify_validFrom', summary.validFrom],
    ['verify_validUntil', summary.validUntil],
  ];
  const reasons = report.reasons.filter((reason) => reason.code !== 'status-not-checked');
  return (
    <div className={`verify-report verify-${report.status}`} data-status={report.status}>
      <p className="verify-status" data-testid="verify-status">
        <strong>{t(`verify_status_${report.status}`)}</strong>
      </p>
      {expectedId !== null && summary.id !== null && summary.id !== expectedId ? (
        <p role="alert">{t('verify_expecting', { id: expectedId })}</p>
      ) : null}
      <dl className="verify-summary">
        {rows
          .filter((row): row is [UiKey, string] => row[1] !== null)
          .map(([key, value]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {reasons.length > 0 ? (
        <>
          <h3>{t('verify_reasons')}</h3>
          <ul className="verify-reasons">
            {reasons.map((reason, index) => {
              const key = reason.code === 'changed' && reason.field !== undefined ? FIELD_KEYS[reason.field] : undefined;
              return (
                <li key={index} data-code={reason.code} data-field={reason.field}>
                  {key !== undefined ? t(key) : reason.message}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {!report.revocationChecked ? <p>{t('verify_revocationUnchecked')}</p> : null}
    </div>
  );
}
