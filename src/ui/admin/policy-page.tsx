// The training policy (?page=admin-policy): the version in force, every stored version with its
// YAML, and an editor that stores a new version (PUT /api/v1/policy). A rejected file lists each
// problem with its path, tied to the editor; a version name already used is explained.
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorBody } from '../../client/api.ts';
import type { PolicyVersionInfo } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { ConsolePage } from './console-page.tsx';
import { formatDate, formatDateTime } from './format.ts';
import { shown, useApi, useFailureMessage } from './use-api.ts';
import { LoadFailed } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';

export function AdminPolicyPage() {
  const { t } = useT();
  return (
    <ConsolePage section="policy" title={t('console_policyTitle')} className="admin-policy">
      <Policy />
    </ConsolePage>
  );
}

function Policy() {
  const { t } = useT();
  const { state, reload } = useApi('policy.get', {});
  const data = shown(state);
  // Kept here, not in the editor: a save makes a new version current, which starts a fresh editor.
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <LoadFailed state={state} onRetry={reload} />
      {data === null ? (
        state.kind === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : null
      ) : (
        <>
          <CurrentVersion current={data.current} />
          {/* Keyed by the version in force: after a save the editor starts again from the new one. */}
          <PolicyEditor
            key={data.current.version}
            current={data.current}
            onSaving={() => setSaved(null)}
            onSaved={(version) => {
              setSaved(version);
              reload();
            }}
          />
          <p role="status" className="success policy-saved">
            {saved !== null ? t('console_policySaved', { version: saved }) : null}
          </p>
          <VersionList versions={data.versions} current={data.current.version} />
        </>
      )}
    </>
  );
}

function CurrentVersion({ current }: { current: PolicyVersionInfo }) {
  const { t, l, locale } = useT();
  const id = useId();
  return (
    <section className="policy-current" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_policyCurrent')}</h2>
      <p className="policy-version" data-version={current.version}>
        {t('console_policyVersionLine', { version: current.version, adopted: formatDate(current.adopted, locale) })}
      </p>
      {current.note ? <p className="note">{l(current.note)}</p> : null}
    </section>
  );
}

function VersionList({ versions, current }: { versions: readonly PolicyVersionInfo[]; current: string }) {
  const { t, l, locale } = useT();
  const id = useId();
  return (
    <section className="policy-versions" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_policyVersions')}</h2>
      <TableScroll label={t('console_policyVersionsCaption')}>
        <table className="data-table">
          <caption>{t('console_policyVersionsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console_colVersion')}</th>
              <th scope="col">{t('console_colAdopted')}</th>
              <th scope="col">{t('console_colStoredBy')}</th>
              <th scope="col">{t('console_colStoredAt')}</th>
              <th scope="col">{t('console_colNote')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version} data-version={version.version}>
                <th scope="row">
                  {version.version}
                  {version.version === current ? t('console_inForce') : ''}
                </th>
                <td>{formatDate(version.adopted, locale)}</td>
                <td>{version.createdBy === 'config' ? t('console_storedFromConfig') : version.createdBy}</td>
                <td>{formatDateTime(version.createdAt, locale)}</td>
                <td>{version.note ? l(version.note) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {/* Below the table, not in it: a YAML file is wider than any table cell. */}
      {versions.map((version) => (
        <details key={version.version} className="policy-yaml" data-version={version.version}>
          <summary>{t('console_viewYaml', { version: version.version })}</summary>
          <pre tabIndex={0} role="region" aria-label={t('console_viewYaml', { version: version.version })}>
            {version.yaml}
          </pre>
        </details>
      ))}
    </section>
  );
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

type SaveResult =
  | { kind: 'none' }
  | { kind: 'problems'; problems: readonly Problem[] }
  | { kind: 'conflict'; version: string | null }
  | { kind: 'failed'; message: string };

/** The `version:` the edited text names, for the 409 explanation (the server's parse is the authority). */
function versionIn(yaml: string): string | null {
  const match = /^version:\s*["']?([^"'\s#]+)/m.exec(yaml);
  return match?.[1] ?? null;
}

function problemsOf(error: ApiError): Problem[] {
  const problems = errorBody('policy.put', error)?.problems;
  return problems === undefined ? [{ path: '', message: error.message }] : [...problems];
}

function PolicyEditor({
  current,
  onSaving,
  onSaved,
}: {
  current: PolicyVersionInfo;
  onSaving: () => void;
  onSaved: (version: string) => void;
}) {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const [yaml, setYaml] = useState(current.yaml);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SaveResult>({ kind: 'none' });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setResult({ kind: 'none' });
    onSaving();
    try {
      // 201 with every version, the new one current.
      const saved = await api('policy.put', { body: { yaml } });
      onSaved(saved.current.version);
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.status === 422 || error.status === 400) &&
        errorBody('policy.put', error)?.problems !== undefined
      ) {
        setResult({ kind: 'problems', problems: problemsOf(error) });
      } else if (error instanceof ApiError && error.status === 409) {
        setResult({ kind: 'conflict', version: versionIn(yaml) });
      } else {
        setResult({ kind: 'failed', message: failure(error, '/api/v1/policy') });
      }
    } finally {
      setBusy(false);
    }
  };

  const errorId = `${id}-errors`;
  const invalid = result.kind === 'problems' || result.kind === 'conflict' || result.kind === 'failed';
  return (
    <section className="policy-editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_policyEditor')}</h2>
      <p id={`${id}-intro`} className="hint">
        {t('console_policyEditorIntro')}
      </p>
      <form className="account-form" onSubmit={(event) => void onSubmit(event)}>
        <label htmlFor={`${id}-yaml`}>{t('console_policyYaml')}</label>
        <textarea
          id={`${id}-yaml`}
          name="yaml"
          rows={24}
          spellCheck={false}
          autoComplete="off"
          value={yaml}
          onChange={(event) => setYaml(event.target.value)}
          aria-describedby={invalid ? `${errorId} ${id}-intro` : `${id}-intro`}
          aria-invalid={invalid}
        />
        <div id={errorId} role="alert" className="form-error policy-problems">
          {result.kind === 'problems' ? (
            <>
              <p>{t('console_policyProblems', { count: result.problems.length })}</p>
              <ul>
                {result.problems.map((problem, index) => (
                  <li key={index} data-path={problem.path}>
                    {t('console_policyProblem', {
                      path: problem.path === '' ? t('console_policyRoot') : problem.path,
                      message: problem.message,
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.kind === 'conflict'
            ? result.version
              ? t('console_policyConflict', { version: result.version })
              : t('console_policyConflictUnknown')
            : null}
          {result.kind === 'failed' ? t('console_policySaveFailed', { message: result.message }) : null}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('console_policySaving') : t('console_policySave')}
        </button>
      </form>
    </section>
  );
}
