// The header's account area: who is signed in (name, role) with Sign out, links for admins and
// for approving a headset, or a Sign in link that comes back to the current page.
import { useState } from 'react';
import { currentPath, followLink, hrefFor, leaveFor, navigate } from '../client/route.ts';
import { useClientServices } from '../client/client-context.ts';
import { useSession } from '../client/session.ts';
import { useT } from '../i18n/i18n.ts';

export function UserMenu() {
  const { t } = useT();
  const status = useSession((state) => state.status);
  const user = useSession((state) => state.user);
  const { session, sync } = useClientServices();
  const [signOutFailed, setSignOutFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!user) {
    // While the first check runs with nobody remembered, show nothing rather than a flashing link.
    if (status === 'loading') return <div className="user-menu" aria-busy="true" />;
    return (
      <nav className="user-menu" aria-label={t('account_menu')} data-signed-in="false">
        <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
          {t('account_signIn')}
        </a>
      </nav>
    );
  }

  const onSignOut = async () => {
    setBusy(true);
    setSignOutFailed(false);
    try {
      // One try to send this learner's records first; what stays waits on this device under their name.
      await sync.flushBeforeSignOut();
      const endSessionUrl = await session.signOut();
      // A session begun through single sign-on ends at the provider too (it comes back to the app).
      if (endSessionUrl !== null) leaveFor(endSessionUrl);
      else navigate(hrefFor({}));
    } catch {
      setSignOutFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <nav
      className="user-menu"
      aria-label={t('account_menu')}
      data-signed-in="true"
      data-username={user.username}
      data-role={user.role}
    >
      <span className="user-name">
        {t('account_signedInAs', { name: user.name, role: t(`role_${user.role}`) })}
        {status === 'offline' ? <span className="user-offline"> · {t('account_offline')}</span> : null}
      </span>
      {user.role === 'admin' || user.role === 'department-admin' ? (
        <a href={hrefFor({ page: 'admin-reports' })} onClick={followLink}>
          {t('console_link')}
        </a>
      ) : null}
      {user.role === 'trainer' || user.role === 'admin' ? (
        <a href={hrefFor({ page: 'trainer' })} onClick={followLink}>
          {t('trainer_menuLink')}
        </a>
      ) : null}
      {user.role === 'trainer' || user.role === 'admin' ? (
        <a href={hrefFor({ page: 'exercises' })} onClick={followLink}>
          {t('exercise_menuTrainer')}
        </a>
      ) : (
        <a href={hrefFor({ page: 'exercise' })} onClick={followLink}>
          {t('exercise_menuLearner')}
        </a>
      )}
      <a href={hrefFor({ page: 'my-training' })} onClick={followLink}>
        {t('training_menuLink')}
      </a>
      <a href={hrefFor({ page: 'my-certificates' })} onClick={followLink}>
        {t('cert_menuLink')}
      </a>
      <a href={hrefFor({ page: 'my-records' })} onClick={followLink}>
        {t('privacy_menuLink')}
      </a>
      <a href={hrefFor({ page: 'device' })} onClick={followLink}>
        {t('account_approveHeadset')}
      </a>
      <a href={hrefFor({ page: 'change-password' })} onClick={followLink}>
        {t('password_title')}
      </a>
      <button type="button" className="sign-out" disabled={busy} onClick={() => void onSignOut()}>
        {t('account_signOut')}
      </button>
      {signOutFailed ? (
        <p role="alert" className="user-menu-error">
          {t('account_signOutFailed')}
        </p>
      ) : null}
    </nav>
  );
}
