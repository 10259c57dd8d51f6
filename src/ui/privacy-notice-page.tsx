// The privacy notice a person reads before anything else, the first time they sign in and again
// whenever its version changes: what is recorded, why, who sees it, how long it is kept (numbers
// from the server's retention settings) and their rights. A page rather than a modal, so the
// header's sign-out and language switch stay usable and a headset's 2D browser shows it plainly.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../client/api.ts';
import { useClientServices } from '../client/client-context.ts';
import { usePrivacyNotice } from '../client/privacy-notice-state.ts';
import type { RetentionNumbers } from '../contracts/privacy-types.ts';
import { useT } from '../i18n/i18n.ts';
import { usePageTitle } from './page-title.ts';

/** The retention periods as the notice and the My records page state them. */
export function RetentionList({ retention }: { retention: RetentionNumbers }) {
  const { t } = useT();
  return (
    <ul className="privacy-list" data-testid="retention">
      <li data-retention="statements">
        {retention.statementDays === 1
          ? t('privacy_keepStatementsOne')
          : t('privacy_keepStatements', { days: retention.statementDays })}
      </li>
      <li data-retention="attempts">
        {retention.attemptDays === 1 ? t('privacy_keepAttemptsOne') : t('privacy_keepAttempts', { days: retention.attemptDays })}
      </li>
      <li data-retention="sessions">
        {retention.sessionDays === 1 ? t('privacy_keepSessionsOne') : t('privacy_keepSessions', { days: retention.sessionDays })}
      </li>
      <li data-retention="official">{t('privacy_keepOfficial')}</li>
    </ul>
  );
}

export function PrivacyNoticePage() {
  const { t, locale } = useT();
  const id = useId();
  const notice = usePrivacyNotice((state) => state.notice);
  const changed = usePrivacyNotice((state) => state.changed);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { acknowledgePrivacyNotice } = useClientServices().privacyNotice;
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('privacy_noticeTitle'));

  // Focus starts at the notice's title, so a screen reader reads it first and Tab reaches the button.
  useEffect(() => {
    heading.current?.focus();
  }, [notice?.version]);

  if (notice === null) return null;

  const onAcknowledge = async () => {
    setBusy(true);
    setError(null);
    try {
      await acknowledgePrivacyNotice(locale);
    } catch (caught) {
      setError(t('privacy_ackFailed', { message: caught instanceof ApiError ? caught.message : t('signIn_offline') }));
    } finally {
      setBusy(false);
    }
  };

  const section = (key: string, title: string, body: ReactNode) => (
    <section aria-labelledby={`${id}-${key}`}>
      <h2 id={`${id}-${key}`}>{title}</h2>
      {body}
    </section>
  );

  return (
    <main id="main" className="privacy-notice" data-notice-version={notice.version}>
      <h1 ref={heading} tabIndex={-1}>
        {t('privacy_noticeTitle')}
      </h1>
      {changed ? (
        <p className="warning" role="status">
          {t('privacy_noticeChanged')}
        </p>
      ) : null}
      <p className="privacy-intro">{t('privacy_noticeIntro')}</p>
      {section(
        'what',
        t('privacy_whatTitle'),
        <ul className="privacy-list">
          <li>{t('privacy_what1')}</li>
          <li>{t('privacy_what2')}</li>
          <li>{t('privacy_what3')}</li>
          <li>{t('privacy_what4')}</li>
        </ul>,
      )}
      {section('why', t('privacy_whyTitle'), <p>{t('privacy_why')}</p>)}
      {section(
        'who',
        t('privacy_whoTitle'),
        <ul className="privacy-list">
          <li>{t('privacy_who1')}</li>
          <li>{t('privacy_who2')}</li>
          <li>{t('privacy_who3')}</li>
          <li>{t('privacy_who4')}</li>
        </ul>,
      )}
      {section('keep', t('privacy_keepTitle'), <RetentionList retention={notice.retention} />)}
      {section('rights', t('privacy_rightsTitle'), <p>{t('privacy_rights')}</p>)}
      <div className="privacy-confirm">
        <div role="alert" className="form-error">
          {error}
        </div>
        <button type="button" className="primary" disabled={busy} onClick={() => void onAcknowledge()}>
          {busy ? t('privacy_acknowledging') : t('privacy_acknowledge')}
        </button>
        <p className="privacy-version">{t('privacy_version', { version: notice.version })}</p>
      </div>
    </main>
  );
}
