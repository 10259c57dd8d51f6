// The header's account area: the console, trainer and exercise links for those who have them, My
// training, and who is signed in (name, role) as a button that opens the learner's own pages
// (certificates, records, signing in a headset, password) and Sign out; or, signed out, a Sign in
// link that comes back to the current page.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
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
  // The learner's own pages and Sign out sit behind the name, so the header stays one row.
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // A click or tap anywhere else closes the list, as focus leaving it does.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onFocusIn = (event: FocusEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [open]);

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

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && open) {
      setOpen(false);
      buttonRef.current?.focus();
    }
  };
  const followMenuLink = (event: MouseEvent<HTMLAnchorElement>) => {
    setOpen(false);
    followLink(event);
  };

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

  const personal = (
    <ul className="account-list">
      <li>
        <a href={hrefFor({ page: 'my-certificates' })} onClick={followMenuLink}>
          {t('cert_menuLink')}
        </a>
      </li>
      <li>
        <a href={hrefFor({ page: 'my-records' })} onClick={followMenuLink}>
          {t('privacy_menuLink')}
        </a>
      </li>
      <li>
        <a href={hrefFor({ page: 'device' })} onClick={followMenuLink}>
          {t('account_approveHeadset')}
        </a>
      </li>
      <li>
        <a href={hrefFor({ page: 'change-password' })} onClick={followMenuLink}>
          {t('password_title')}
        </a>
      </li>
      <li>
        <button type="button" className="sign-out" disabled={busy} onClick={() => void onSignOut()}>
          {t('account_signOut')}
        </button>
      </li>
    </ul>
  );

  return (
    <nav
      className="user-menu"
      aria-label={t('account_menu')}
      data-signed-in="true"
      data-username={user.username}
      data-role={user.role}
    >
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
      <div className="account" ref={menuRef} onKeyDown={onMenuKeyDown}>
        <button
          type="button"
          className="account-button"
          aria-expanded={open}
          aria-controls={panelId}
          ref={buttonRef}
          onClick={() => setOpen((was) => !was)}
        >
          <span className="user-name">
            {t('account_signedInAs', { name: user.name, role: t(`role_${user.role}`) })}
            {status === 'offline' ? <span className="user-offline"> · {t('account_offline')}</span> : null}
          </span>
          <span className="account-caret" aria-hidden="true" />
        </button>
        <div id={panelId} className="account-panel" hidden={!open}>
          {personal}
        </div>
      </div>
      {signOutFailed ? (
        <p role="alert" className="user-menu-error">
          {t('account_signOutFailed')}
        </p>
      ) : null}
    </nav>
  );
}
