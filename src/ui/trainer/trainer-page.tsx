// The trainer console (?page=trainer): the list of the trainer's classes with a form to open one,
// or (with &class=<id>) one class watched live. Signed-out people and learners are told why not.
import { currentPath, followLink, hrefFor } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import type { UserRole } from '../../contracts/user-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePageTitle } from '../page-title.ts';
import { ClassListPage } from './class-list-page.tsx';
import { ClassLivePage } from './class-live-page.tsx';

export function TrainerPage({ classId }: { classId: string | null }) {
  const status = useSession((s) => s.status);
  const user = useSession((s) => s.user);
  if (user === null) return status === 'loading' ? <TrainerMessage busy /> : <TrainerMessage signIn />;
  if (user.role !== 'trainer' && user.role !== 'admin') return <TrainerMessage role={user.role} />;
  return classId === null ? <ClassListPage admin={user.role === 'admin'} /> : <ClassLivePage key={classId} classId={classId} />;
}

function TrainerMessage({ busy = false, signIn = false, role }: { busy?: boolean; signIn?: boolean; role?: UserRole }) {
  const { t } = useT();
  usePageTitle(t('trainer_listTitle'));
  return (
    <main id="main" className="trainer-page" aria-busy={busy}>
      <h1>{t('trainer_listTitle')}</h1>
      {busy ? <p>{t('trainer_loading')}</p> : null}
      {signIn ? (
        <p>
          {t('trainer_signInNeeded')}{' '}
          <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
            {t('trainer_signIn')}
          </a>
        </p>
      ) : null}
      {role ? <p className="not-allowed">{t('trainer_notAllowed', { role: t(`role_${role}`) })}</p> : null}
    </main>
  );
}
