// The public verify page (/verify, the address in a certificate's QR code): paste a credential or
// upload its file, and see who issued it, to whom, for what, and whether it is valid, revoked,
// expired or tampered (naming what was changed). The check runs in this browser with the same
// verifier the server uses (src/credentials, loaded only here), against this site's DID document
// and the credential's status list, both kept for offline use; no other site is contacted.
import { useCallback, useEffect, useId, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { DID_DOCUMENT_PATH, keptDocument } from '../../client/credential-sources.ts';
import type { VerificationReportView } from '../../contracts/credential-types.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { scannedCode } from './scanned-code.ts';
import { QrScanner } from './qr-scanner.tsx';

/** Where the revocation status came from: fetched now, a saved copy (offline), or nowhere. */
type StatusSource = { readonly kind: 'now' } | { readonly kind: 'saved'; readonly fetchedAt: string } | { readonly kind: 'none' };

type Check =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'done'; readonly report: VerificationReportView; readonly statusSource: StatusSource }
  | { readonly kind: 'failed'; readonly message: string };

const loadVerifier = () => import('../../credentials/verify.ts');

/** The status list a credential (or a token's payload, read before it is checked) points at. */
function statusListOf(credential: Record<string, unknown> | string): string | null {
  let value: unknown = credential;
  if (typeof credential === 'string') {
    try {
      const payload = credential.split('.')[1] ?? '';
      value = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as unknown;
    } catch {
      return null;
    }
  }
  const status = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).credentialStatus : undefined;
  const url =
    typeof status === 'object' && status !== null ? (status as Record<string, unknown>).statusListCredential : undefined;
  return typeof url === 'string' ? url : null;
}

/** Runs the verifier here; null when this site's issuer key is neither reachable nor saved. */
async function checkHere(
  credential: Record<string, unknown> | string,
): Promise<{ report: VerificationReportView; statusSource: StatusSource } | null> {
  const [{ verifyCredential }, did] = await Promise.all([loadVerifier(), keptDocument(DID_DOCUMENT_PATH)]);
  if (did === null || typeof did.document.id !== 'string') return null;
  const listUrl = statusListOf(credential);
  const list = listUrl === null ? null : await keptDocument(listUrl);
  const report = await verifyCredential(credential, {
    didDocument: { ...did.document, id: did.document.id },
    statusList: list?.document,
  });
  const statusSource: StatusSource =
    list === null || !report.revocationChecked
      ? { kind: 'none' }
      : list.saved
        ? { kind: 'saved', fetchedAt: list.fetchedAt }
        : { kind: 'now' };
  return { report, statusSource };
}

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

/** What the last scanned QR code said, when it was an address rather than a credential. */
type Scanned =
  { readonly kind: 'none' } | { readonly kind: 'id'; readonly id: string } | { readonly kind: 'elsewhere'; readonly url: string };

export function VerifyPage({ expectedId: routeExpectedId }: { expectedId: string | null }) {
  const { t } = useT();
  const id = useId();
  usePageTitle(t('verify_title'));
  const [text, setText] = useState('');
  const [check, setCheck] = useState<Check>({ kind: 'idle' });
  const [scanned, setScanned] = useState<Scanned>({ kind: 'none' });
  const expectedId = scanned.kind === 'id' ? scanned.id : routeExpectedId;

  // Load the verifier and save this site's issuer key on the first visit, for checks made offline later.
  useEffect(() => {
    void loadVerifier().catch(() => undefined);
    void keptDocument(DID_DOCUMENT_PATH);
  }, []);

  const verify = useCallback(
    async (input: string) => {
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
        const checked = await checkHere(credential);
        setCheck(checked === null ? { kind: 'failed', message: t('verify_noIssuerKey') } : { kind: 'done', ...checked });
      } catch {
        setCheck({ kind: 'failed', message: t('verify_failed') });
      }
    },
    [t],
  );

  // A certificate's QR code holds its verify address: the id to expect, then the file is still needed.
  const onCode = useCallback(
    (code: string) => {
      const content = scannedCode(code, location.origin);
      if (content.kind === 'credential') {
        setScanned({ kind: 'none' });
        setText(content.text);
        void verify(content.text);
      } else if (content.sameSite && content.credentialId !== null) {
        setScanned({ kind: 'id', id: content.credentialId });
      } else {
        setScanned({ kind: 'elsewhere', url: content.url });
      }
    },
    [verify],
  );

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
      <QrScanner onCode={onCode} />
      {scanned.kind === 'id' ? (
        <p role="status" className="verify-scanned">
          {t('verify_scannedId', { id: scanned.id })}
        </p>
      ) : scanned.kind === 'elsewhere' ? (
        <p role="status" className="verify-scanned">
          {t('verify_scannedElsewhere', { url: scanned.url })}
        </p>
      ) : null}
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
        {check.kind === 'done' ? (
          <Report report={check.report} statusSource={check.statusSource} expectedId={expectedId} />
        ) : null}
      </section>
    </main>
  );
}

function Report({
  report,
  statusSource,
  expectedId,
}: {
  report: VerificationReportView;
  statusSource: StatusSource;
  expectedId: string | null;
}) {
  const { t, locale } = useT();
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
      {!report.revocationChecked ? (
        <p className="verify-status-source" data-source="none">
          {t('verify_revocationUnchecked')}
        </p>
      ) : statusSource.kind === 'saved' ? (
        <p className="verify-status-source" data-source="saved">
          {t('verify_statusAsOf', { time: formatDateTime(statusSource.fetchedAt, locale) })}
        </p>
      ) : null}
    </div>
  );
}
