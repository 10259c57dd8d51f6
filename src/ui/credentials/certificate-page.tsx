// The printable certificate (?page=certificate&credential=…): A4, in both languages, with the
// organisation, the achievement, the dates, the score where the credential states it, and a QR
// code of the verify address (which carries the credential id). The print stylesheet leaves only
// the certificate on the page, so the browser's "Save as PDF" gives the certificate alone.
import { followLink, hrefFor } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { QrCode } from '../qr-code.tsx';
import { downloadCredential, formatDate, SignInFirst, useMyCredentials } from './my-certificates-page.tsx';

export function CertificatePage({ credentialId }: { credentialId: string | null }) {
  const { t } = useT();
  const userId = useSession((state) => state.user?.id ?? null);
  usePageTitle(t('cert_heading'));
  if (userId === null) return <SignInFirst title={t('cert_heading')} message={t('cert_signInFirst')} />;
  return <Certificate key={userId} credentialId={credentialId} />;
}

function Certificate({ credentialId }: { credentialId: string | null }) {
  const { t } = useT();
  const load = useMyCredentials();
  const item = load.kind === 'loaded' ? load.list.credentials.find((entry) => entry.id === credentialId) : undefined;
  const back = (
    <a href={hrefFor({ page: 'my-certificates' })} onClick={followLink}>
      {t('cert_back')}
    </a>
  );
  if (load.kind !== 'loaded' || item === undefined) {
    return (
      <main id="main" className="certificates" aria-busy={load.kind === 'loading'}>
        <h1>{t('cert_heading')}</h1>
        {load.kind === 'loading' ? <p>{t('loading')}</p> : null}
        {load.kind === 'failed' ? <p role="alert">{load.message}</p> : null}
        {load.kind === 'loaded' ? <p role="alert">{t('cert_notFound')}</p> : null}
        <p>{back}</p>
      </main>
    );
  }
  const { organisation } = load.list.issuer;
  return (
    <main id="main" className="certificate-page">
      <div className="certificate-tools">
        {back}
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('cert_print')}
        </button>
        <button type="button" onClick={() => downloadCredential(item)}>
          {t('cert_download')}
        </button>
      </div>
      {item.status === 'revoked' ? (
        <p role="alert" className="certificate-revoked">
          {t('cert_revokedNote', { reason: item.revokedReason ?? '' })}
        </p>
      ) : null}
      <article className="certificate" data-credential={item.id} aria-labelledby="certificate-heading">
        <p className="certificate-org">
          <span lang="zh-CN">{organisation['zh-CN']}</span>
          <span lang="en">{organisation.en}</span>
        </p>
        <h1 id="certificate-heading" className="certificate-title">
          <span lang="zh-CN">结业证书</span>
          <span lang="en">Certificate of completion</span>
        </h1>
        <p className="certificate-line">
          <span lang="zh-CN">兹证明</span> <span lang="en">This certifies that</span>
        </p>
        <p className="certificate-name">{item.subjectName}</p>
        <p className="certificate-line">
          <span lang="zh-CN">{item.kind === 'honour' ? '荣获：' : '已通过以下课程的正式考核：'}</span>{' '}
          <span lang="en">{item.kind === 'honour' ? 'has been awarded' : 'has passed the official assessment of'}</span>
        </p>
        <p className="certificate-achievement">
          <span lang="zh-CN">{item.achievementName['zh-CN']}</span>
          <span lang="en">{item.achievementName.en}</span>
        </p>
        <dl className="certificate-facts">
          <div>
            <dt>
              <span lang="zh-CN">颁发日期</span> / <span lang="en">Issued</span>
            </dt>
            <dd>
              <span lang="zh-CN">{formatDate(item.issuedAt, 'zh-CN')}</span> ·{' '}
              <span lang="en">{formatDate(item.issuedAt, 'en')}</span>
            </dd>
          </div>
          {item.validUntil === null ? null : (
            <div>
              <dt>
                <span lang="zh-CN">有效期至</span> / <span lang="en">Valid until</span>
              </dt>
              <dd>
                <span lang="zh-CN">{formatDate(item.validUntil, 'zh-CN')}</span> ·{' '}
                <span lang="en">{formatDate(item.validUntil, 'en')}</span>
              </dd>
            </div>
          )}
          {item.score === null ? null : (
            <div>
              <dt>
                <span lang="zh-CN">成绩</span> / <span lang="en">Score</span>
              </dt>
              <dd data-testid="certificate-score">{item.score}%</dd>
            </div>
          )}
        </dl>
        <div className="certificate-verify">
          <QrCode text={item.verifyUrl} label={t('cert_qrLabel', { id: item.id })} />
          <dl>
            <dt>
              <span lang="zh-CN">凭证编号</span> / <span lang="en">Credential id</span>
            </dt>
            <dd className="certificate-id">{item.id}</dd>
            <dt>
              <span lang="zh-CN">核验地址</span> / <span lang="en">Verify at</span>
            </dt>
            <dd className="certificate-id">{item.verifyUrl}</dd>
          </dl>
        </div>
      </article>
    </main>
  );
}
