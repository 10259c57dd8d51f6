// The course list: what each course is, how long it takes, what it counts for; practice for
// anyone, an assessment (graded by the server) for a signed-in learner, whose attempt tickets it
// fetches while online.
import { catalog, type CatalogEntry } from 'virtual:shixun/catalog';
import { useClientServices } from '../client/client-context.ts';
import { followLink, hrefFor, navigate } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import type { AttemptMode } from '../engine/attempt-actions.ts';
import { useEffect, useState } from 'react';
import { AssessmentAllowanceNote, TimedNeedsNetwork, useAssessmentAllowance } from './assessment-allowance.tsx';
import { ClassJoin } from './class-join.tsx';
import { useT } from '../i18n/i18n.ts';
import { courseProgressWords, percent } from './standing-words.ts';
import { useMyStanding } from './use-my-standing.ts';

/** The play page's URL for a course in a mode: ?course=<id>, plus &mode=assessment for an assessment. */
export function coursePath(courseId: string, mode: AttemptMode): string {
  const url = new URL(hrefFor({ course: courseId }), location.origin);
  // The mode is set or cleared here every time, so one left in the URL never carries over.
  if (mode === 'assessment') url.searchParams.set('mode', 'assessment');
  else url.searchParams.delete('mode');
  return `${url.pathname}${url.search}`;
}

/** `onOpen` is kept for the app shell's wiring; opening navigates with the mode in the URL. */
export function CatalogPage(_props: { onOpen?: (courseId: string) => void }) {
  const { t, l } = useT();
  const signedIn = useSession((s) => s.user !== null);
  const username = useSession((s) => s.user?.username ?? null);
  const { attempts, tickets } = useClientServices();
  const { attemptStatus } = attempts;
  // The ids of the learner's next assessment attempts, fetched while online and kept, so an
  // assessment of a course with drawn steps can start offline later (src/client/attempt-tickets.ts).
  useEffect(() => {
    if (username !== null) void tickets.prefetch(catalog.map((course) => course.id));
  }, [username, tickets]);
  // The learner's pass marks and standing come from the server; signed out or offline, the course's own mark.
  const mine = useMyStanding();
  return (
    <main className="catalog" id="main">
      <h1>{t('catalogTitle')}</h1>
      <ClassJoin />
      <ul className="course-list">
        {catalog.map((course) => {
          const own = mine?.courses.find((entry) => entry.courseId === course.id);
          const passMark = own?.passMark ?? course.masteryScore;
          return (
            <li key={course.id} className="course-card" data-course={course.id} data-pass-mark={passMark}>
              <p className="course-domain">{t(`domain_${course.domain.replace('-', '_')}` as 'domain_data_security')}</p>
              <h2>{l(course.title)}</h2>
              <p>{l(course.summary)}</p>
              <p className="course-meta">
                {t('creditHours', { count: course.creditHours })} · {t('minutes', { count: course.estimatedMinutes })} ·{' '}
                {t('scenes', { count: course.sceneCount })} ·{' '}
                <span data-testid="pass-mark">{t('mastery', { percent: percent(passMark) })}</span>
              </p>
              {own ? (
                <p className="course-standing" data-testid="course-standing" data-completed={String(own.completed)}>
                  {t('catalog_yourStanding', { status: courseProgressWords(own, t) })}
                  {own.counted ? ` · ${t('catalog_countedScore', { percent: percent(own.counted.scaled) })}` : null}
                </p>
              ) : null}
              <p className="actions">
                <button
                  type="button"
                  className="primary"
                  data-mode="practice"
                  onClick={() => navigate(coursePath(course.id, 'practice'))}
                >
                  {attemptStatus(course, 'practice') === 'in-progress' ? t('resume') : t('assessment_startPractice')}
                  <span className="visually-hidden">: {l(course.title)}</span>
                </button>{' '}
                {signedIn ? (
                  <AssessmentButton course={course} />
                ) : (
                  <a
                    href={hrefFor({ page: 'sign-in', next: coursePath(course.id, 'assessment') })}
                    onClick={followLink}
                    data-mode="assessment-sign-in"
                  >
                    {t('assessment_signInFirst')}
                    <span className="visually-hidden">: {l(course.title)}</span>
                  </a>
                )}
              </p>
            </li>
          );
        })}
      </ul>
    </main>
  );
}

function AssessmentButton({ course }: { course: CatalogEntry }) {
  const { t, l } = useT();
  const status = useClientServices().attempts.attemptStatus(course, 'assessment');
  const allowance = useAssessmentAllowance(course.id);
  const label =
    status === 'in-progress' ? t('assessment_resume') : status === 'finished' ? t('assessment_seeResult') : t('assessment_start');
  // A new start beyond the policy's limit would be refused by the server: not offered. Resuming
  // and reading a result stay open.
  const used = status !== 'in-progress' && status !== 'finished' && allowance?.remaining === 0;
  // A timed step runs on the server's clock: a new start needs the network (resuming does not).
  const [refused, setRefused] = useState(false);
  const start = () => {
    if (course.timedSteps && status === 'none' && navigator.onLine === false) return setRefused(true);
    navigate(coursePath(course.id, 'assessment'));
  };
  return (
    <>
      <button type="button" data-mode="assessment" disabled={used} onClick={start}>
        {label}
        <span className="visually-hidden">: {l(course.title)}</span>
      </button>
      {allowance && (
        <>
          <br />
          <AssessmentAllowanceNote allowance={allowance} />
        </>
      )}
      {course.timedSteps && (
        <>
          {' '}
          <TimedNeedsNetwork />
        </>
      )}
      {course.timedSteps && (
        <span role="alert" className="form-error" data-testid="timed-offline">
          {refused ? t('assessment_timedOffline') : null}
        </span>
      )}
    </>
  );
}
