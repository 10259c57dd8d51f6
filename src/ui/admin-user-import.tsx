// Importing a staff list as CSV (POST /api/v1/admin/users/import): from a file or pasted text.
// Shows what was created and updated, every row that was not imported and why, and the initial
// passwords exactly once, with a download.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../client/api.ts';
import type { ImportResult } from '../contracts/user-types.ts';
import { useT } from '../i18n/i18n.ts';
import { downloadText, passwordsCsv } from './passwords-csv.ts';

export function UserImport({ onImported }: { onImported: () => void }) {
  const { t } = useT();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const file = fileInput.current?.files?.[0];
    // File.text() decodes as UTF-8, the encoding the server expects.
    const text = file ? await file.text() : pasted;
    if (text.trim() === '') {
      setError(t('admin_importEmpty'));
      return;
    }
    setBusy(true);
    try {
      const answer = await api('admin.users.import', { body: text });
      setResult(answer);
      setPasted('');
      if (fileInput.current) fileInput.current.value = '';
      onImported();
    } catch (caught) {
      setError(t('admin_importFailed', { message: caught instanceof ApiError ? caught.message : t('signIn_offline') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="admin-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin_importTitle')}</h2>
      <form className="import-form account-form" onSubmit={(event) => void onSubmit(event)}>
        <p id={`${id}-help`} className="hint">
          {t('admin_importHelp')}
        </p>
        <label htmlFor={`${id}-file`}>{t('admin_importFile')}</label>
        <input id={`${id}-file`} ref={fileInput} type="file" name="file" accept=".csv,text/csv" aria-describedby={`${id}-help`} />
        <label htmlFor={`${id}-paste`}>{t('admin_importPaste')}</label>
        <textarea
          id={`${id}-paste`}
          name="csv"
          rows={6}
          spellCheck={false}
          placeholder="employee_id,name,department,rank"
          aria-describedby={`${id}-help`}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
        />
        <div role="alert" className="form-error">
          {error}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('admin_importBusy') : t('admin_importSubmit')}
        </button>
      </form>
      {result ? <ImportReport result={result} /> : null}
    </section>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const { t } = useT();
  return (
    <div className="import-report">
      <p
        role="status"
        className="import-summary"
        data-created={result.created}
        data-updated={result.updated}
        data-errors={result.errors.length}
      >
        {t('admin_importSummary', {
          created: result.created,
          updated: result.updated,
          errors: new Set(result.errors.map((error) => error.row)).size,
        })}
      </p>
      {result.errors.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table import-errors">
            <caption>{t('admin_errorsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin_errorRow')}</th>
                <th scope="col">{t('admin_errorField')}</th>
                <th scope="col">{t('admin_errorMessage')}</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((error, index) => (
                <tr key={`${error.row}-${error.field}-${index}`} data-row={error.row}>
                  <th scope="row">{error.row}</th>
                  <td>{error.field}</td>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.passwords.length > 0 ? (
        <div className="initial-passwords">
          <p className="warning">{t('admin_passwordsWarning')}</p>
          <button
            type="button"
            className="primary"
            onClick={() => downloadText(passwordsCsv(result.passwords), 'initial-passwords.csv')}
          >
            {t('admin_download')}
          </button>
          <div className="table-scroll">
            <table className="data-table passwords-table">
              <caption>{t('admin_passwordsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin_username')}</th>
                  <th scope="col">{t('admin_password')}</th>
                </tr>
              </thead>
              <tbody>
                {result.passwords.map((entry) => (
                  <tr key={entry.username} data-username={entry.username}>
                    <th scope="row">{entry.username}</th>
                    <td>
                      <code className="password">{entry.password}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
