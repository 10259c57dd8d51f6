// My certificates (?page=my-certificates): the signed-in learner's verifiable credentials, each
// with its status, a download of the credential (JSON, as signed) and its printable certificate.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../client/api.ts';
import { currentPath, followLink, hrefFor } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import type { CredentialItem, CredentialList } from '../../contracts/credential-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { downloadText } from '../passwords-csv.ts';
import { usePageTitle } from '../page-title.ts';

export type CredentialsLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly list: CredentialList }
  | { readonly kind: 'failed'; readonly message: string };

/** The signed-in learner's credentials, loaded once. */
export function useMyCredentials(): CredentialsLoad {
  const { t } = useT();
  const [load, setLoad] = useState<CredentialsLoad>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    api('credentials.mine').then(
      (list) => current && setLoad({ kind: 'loaded', list }),
      (error: unknown) =>
        current && setLoad({ kind: 'failed', message: error instanceof ApiError ? error.message : t('signIn_offline') }),
    );
    return () => {
      current = false;
    };
  }, [t]);
  return load;
}

export function formatDate(iso: string | null, locale: string): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(locale, { dateStyle: 'long' });
}

/** The file name a credential downloads as: the achievement and the date, no spaces. */
export function credentialFileName(item: CredentialItem): string {
  return `shixun-credential-${item.achievementId}-${item.issuedAt.slice(0, 10)}.json`.replace(/[^\w.-]+/g, '-');
}

export function downloadCredential(item: CredentialItem): void {
  downloadText(`${JSON.stringify(item.credential, null, 2)}\n`, credentialFileName(item), 'application/json');
}

/** Shown instead of a page that needs a signed-in learner. */
export function SignInFirst({ title, message }: { title: string; message: string }) {
  const { t } = useT();
  const status = useSession((state) => state.status);
  return (
    <main id="main" className="certificates">
      <h1>{title}</h1>
      {status === 'loading' ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <p>
          {message}{' '}
          <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
            {t('account_signIn')}
          </a>
        </p>
      )}
    </main>
  );
}

export function MyCertificatesPage() {
  const { t } = useT();
  const userId = useSession((state) => state.user?.id ?? null);
  usePageTitle(t('cert_listTitle'));
  if (userId === null) return <SignInFirst title={t('cert_listTitle')} message={t('cert_signInFirst')} />;
  return <MyCertificates key={userId} />;
}

function MyCertificates() {
  const { t, l, locale } = useT();
  const load = useMyCredentials();
  return (
    <main id="main" className="certificates" aria-busy={load.kind === 'loading'}>
      <h1>{t('cert_listTitle')}</h1>
      <p>{t('cert_intro')}</p>
      {load.kind === 'loading' ? <p>{t('loading')}</p> : null}
      {load.kind === 'failed' ? <p role="alert">{load.message}</p> : null}
      {load.kind === 'loaded' && load.list.credentials.length === 0 ? <p>{t('cert_none')}</p> : null}
      {load.kind === 'loaded' && load.list.credentials.length > 0 ? (
        <p>
          <a className="button" href="/api/v1/credentials/mine/export" download data-testid="download-export">
            {t('cert_downloadAll')}
          </a>
        </p>
      ) : null}
      {load.kind === 'loaded' && load.list.credentials.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t('cert_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cert_achievement')}</th>
                <th scope="col">{t('cert_issued')}</th>
                <th scope="col">{t('cert_validUntil')}</th>
                <th scope="col">{t('cert_score')}</th>
                <th scope="col">{t('cert_status')}</th>
                <th scope="col">{t('cert_actions')}</th>
              </tr>
            </thead>
            <tbody>
              {load.list.credentials.map((item) => {
                const name = l(item.achievementName);
                return (
                  <tr key={item.id} data-credential={item.id} data-status={item.status}>
                    <th scope="row">{name}</th>
                    <td>{formatDate(item.issuedAt, locale)}</td>
                    <td>{item.validUntil === null ? t('cert_noExpiry') : formatDate(item.validUntil, locale)}</td>
                    <td>{item.score === null ? '—' : `${item.score}%`}</td>
                    <td>{t(`cert_status_${item.status}`)}</td>
                    <td className="certificate-actions">
                      <a
                        href={hrefFor({ page: 'certificate', credential: item.id })}
                        onClick={followLink}
                        aria-label={t('cert_openLabel', { name })}
                      >
                        {t('cert_open')}
                      </a>
                      <button
                        type="button"
                        onClick={() => downloadCredential(item)}
                        aria-label={t('cert_downloadLabel', { name })}
                      >
                        {t('cert_download')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </main>
  );
}
