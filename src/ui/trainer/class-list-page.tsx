// The trainer's classes: a form to open a class (name, optional course) and the list of classes,
// open and ended, newest first. Opening one goes straight to its live page with the join code.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { catalog } from 'virtual:shixun/catalog';
import { api, ApiError } from '../../client/api.ts';
import { spacedClassCode } from '../../contracts/class-code.ts';
import type { ClassView } from '../../contracts/class-types.ts';
import { followLink, hrefFor, navigate } from '../../client/route.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { courseTitle, formatDateTime } from './class-format.ts';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'loaded'; readonly classes: readonly ClassView[] };

export function ClassListPage({ admin }: { admin: boolean }) {
  const { t, locale } = useT();
  usePageTitle(t('trainer_listTitle'));
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    api('classes.list').then(
      ({ classes }) => live && setList({ kind: 'loaded', classes }),
      (error: unknown) =>
        live &&
        setList({
          kind: 'failed',
          message: error instanceof ApiError ? t('trainer_failed', { message: error.message }) : t('trainer_offline'),
        }),
    );
    return () => {
      live = false;
    };
    // `t` is read when the answer arrives; a language switch must not fetch again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <main id="main" className="trainer-page">
      <h1>{t('trainer_listTitle')}</h1>
      <NewClassForm />
      <section aria-labelledby="class-list-title">
        <h2 id="class-list-title">{admin ? t('trainer_listCaptionAdmin') : t('trainer_listCaption')}</h2>
        {list.kind === 'loading' ? <p aria-busy="true">{t('trainer_loading')}</p> : null}
        {list.kind === 'failed' ? (
          <p role="alert" className="form-error">
            {list.message}
          </p>
        ) : null}
        {list.kind === 'loaded' && list.classes.length === 0 ? <p>{t('trainer_listEmpty')}</p> : null}
        {list.kind === 'loaded' && list.classes.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table class-list">
              <thead>
                <tr>
                  <th scope="col">{t('trainer_colClass')}</th>
                  <th scope="col">{t('trainer_colCourse')}</th>
                  <th scope="col">{t('trainer_colCode')}</th>
                  <th scope="col">{t('trainer_colStatus')}</th>
                  <th scope="col">{t('trainer_colMembers')}</th>
                  <th scope="col">{t('trainer_colOpened')}</th>
                </tr>
              </thead>
              <tbody>
                {list.classes.map((item) => (
                  <tr key={item.id} data-class-id={item.id} data-status={item.status}>
                    <th scope="row">
                      <a href={hrefFor({ page: 'trainer', class: item.id })} onClick={followLink}>
                        {item.title}
                      </a>
                      {admin ? <span className="class-owner"> · {item.trainer.name}</span> : null}
                    </th>
                    <td>{item.courseId ? courseTitle(item.courseId, locale) : t('trainer_anyCourse')}</td>
                    <td className="class-code-cell">{item.status === 'open' ? spacedClassCode(item.code) : '—'}</td>
                    <td>{item.status === 'open' ? t('trainer_statusOpen') : t('trainer_statusEnded')}</td>
                    <td>{item.memberCount}</td>
                    <td>{formatDateTime(item.created, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </main>
  );
}

function NewClassForm() {
  const { t, l } = useT();
  const id = useId();
  const [title, setTitle] = useState('');
  const [courseId, setCourseId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') return setError(t('trainer_titleMissing'));
    setBusy(true);
    setError(null);
    try {
      const created = await api('classes.create', {
        body: { title: title.trim(), ...(courseId ? { courseId } : {}) },
      });
      navigate(hrefFor({ page: 'trainer', class: created.class.id }));
    } catch (caught) {
      setError(caught instanceof ApiError ? t('trainer_failed', { message: caught.message }) : t('trainer_offline'));
      setBusy(false);
    }
  };

  return (
    <section className="admin-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('trainer_newTitle')}</h2>
      <form className="account-form new-class-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p id={`${id}-hint`}>{t('trainer_newHint')}</p>
        <label htmlFor={`${id}-name`}>{t('trainer_fieldTitle')}</label>
        <input
          id={`${id}-name`}
          name="title"
          maxLength={120}
          required
          aria-describedby={`${id}-name-hint ${id}-error`}
          aria-invalid={error !== null}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <p id={`${id}-name-hint`} className="hint">
          {t('trainer_fieldTitleHint')}
        </p>
        <label htmlFor={`${id}-course`}>{t('trainer_fieldCourse')}</label>
        <select id={`${id}-course`} name="courseId" value={courseId} onChange={(event) => setCourseId(event.target.value)}>
          <option value="">{t('trainer_anyCourse')}</option>
          {catalog.map((course) => (
            <option key={course.id} value={course.id}>
              {l(course.title)}
            </option>
          ))}
        </select>
        <p role="alert" id={`${id}-error`} className="form-error">
          {error}
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('trainer_creating') : t('trainer_create')}
        </button>
      </form>
    </section>
  );
}
