// The admin audit log (?page=admin-audit): every change an admin made to accounts and
// credentials, newest first, with who, when and from where, and the whole log as a CSV file.
import { useT } from '../../i18n/i18n.ts';
import { ConsolePage } from './console-page.tsx';
import { formatDateTime } from './format.ts';
import { LoadFailed } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';
import { shown, useApi } from './use-api.ts';

export function AdminAuditPage() {
  const { t } = useT();
  return (
    <ConsolePage section="audit" title={t('audit_title')} className="admin-audit">
      <AuditLog />
    </ConsolePage>
  );
}

function AuditLog() {
  const { t, locale } = useT();
  const { state, reload } = useApi('admin.audit', {});
  const entries = shown(state)?.entries ?? null;
  return (
    <>
      <p className="hint">{t('audit_intro')}</p>
      <p>
        <a className="button" href="/api/v1/admin/audit.csv" download="admin-audit.csv">
          {t('audit_export')}
        </a>
      </p>
      <LoadFailed state={state} onRetry={reload} />
      {entries === null ? (
        state.kind === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : null
      ) : entries.length === 0 ? (
        <p>{t('audit_empty')}</p>
      ) : (
        <TableScroll label={t('audit_title')}>
          <table className="data-table audit-table">
            <caption>{t('audit_caption', { count: entries.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit_at')}</th>
                <th scope="col">{t('audit_actor')}</th>
                <th scope="col">{t('audit_action')}</th>
                <th scope="col">{t('audit_target')}</th>
                <th scope="col">{t('audit_detail')}</th>
                <th scope="col">{t('audit_ip')}</th>
                <th scope="col">{t('audit_agent')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                <tr key={`${entry.at}-${index}`} data-action={entry.action} data-target={entry.target}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <th scope="row">{entry.target}</th>
                  <td>{entry.detail}</td>
                  <td>{entry.ip}</td>
                  <td className="user-agent">{entry.userAgent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
