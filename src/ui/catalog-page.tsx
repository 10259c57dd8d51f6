// The course list: what each course is, how long it takes, what it counts for.
import { catalog } from 'virtual:shixun/catalog';
import { attemptStatus } from '../app/attempt-persistence.ts';
import { useT } from './i18n.ts';

export function CatalogPage({ onOpen }: { onOpen: (courseId: string) => void }) {
  const { t, l } = useT();
  return (
    <main className="catalog" id="main">
      <h1>{t('catalogTitle')}</h1>
      <ul className="course-list">
        {catalog.map((course) => {
          const status = attemptStatus(course);
          return (
            <li key={course.id} className="course-card" data-course={course.id}>
              <p className="course-domain">{t(`domain_${course.domain.replace('-', '_')}` as 'domain_data_security')}</p>
              <h2>{l(course.title)}</h2>
              <p>{l(course.summary)}</p>
              <p className="course-meta">
                {t('creditHours', { count: course.creditHours })} · {t('minutes', { count: course.estimatedMinutes })} · {t('scenes', { count: course.sceneCount })} · {t('mastery', { percent: Math.round(course.masteryScore * 100) })}
              </p>
              <button type="button" className="primary" onClick={() => onOpen(course.id)}>
                {status === 'in-progress' ? t('resume') : t('start')}
                <span className="visually-hidden">: {l(course.title)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
