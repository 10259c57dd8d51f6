// What the server allows before an assessment starts: starts left in the policy's period and the
// time limit, asked once per card; offline, nothing is shown and the assessment can still be taken
// (the server checks the limit when the attempt arrives). That timed steps need the network comes
// from the catalog, so it is said offline too (TimedNeedsNetwork).
import { useEffect, useState } from 'react';
import { api } from '../client/api.ts';
import type { AssessmentAllowance } from '../contracts/attempt-view.ts';
import { useT } from '../i18n/i18n.ts';
import { formatDateTime } from '../i18n/dates.ts';

export function useAssessmentAllowance(courseId: string): AssessmentAllowance | null {
  const [allowance, setAllowance] = useState<AssessmentAllowance | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api('assessments.allowance', { params: { id: courseId }, signal: controller.signal }).then(
      (answer) => {
        if (!controller.signal.aborted) setAllowance(answer);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [courseId]);
  return allowance;
}

export function AssessmentAllowanceNote({ allowance }: { allowance: AssessmentAllowance }) {
  const { t, locale } = useT();
  const { max, periodDays, remaining, nextStartAt, maxAttemptMinutes } = allowance;
  return (
    <span className="assessment-allowance" data-testid="assessment-allowance" data-remaining={remaining}>
      {remaining > 0 || nextStartAt === null
        ? t('assessment_attemptsLeft', { remaining, max, periodDays, minutes: maxAttemptMinutes })
        : t('assessment_noAttemptsLeft', {
            max,
            periodDays,
            date: formatDateTime(nextStartAt, locale),
          })}
    </span>
  );
}

/** Said on the card of a course with a timed step, online or not: its assessment cannot start offline. */
export function TimedNeedsNetwork() {
  const { t } = useT();
  return <strong data-testid="timed-needs-network">{t('assessment_timedNeedsNetwork')}</strong>;
}
