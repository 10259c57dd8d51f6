// Shows the privacy notice in place of the page until the signed-in person has acknowledged its
// current version. Signing in, a headset's code page and device-code approval are never held up.
import { useEffect, useRef, type ReactNode } from 'react';
import { useClientServices } from '../client/client-context.ts';
import { usePrivacyNotice } from '../client/privacy-notice-state.ts';
import type { PageName } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import { PrivacyNoticePage } from './privacy-notice-page.tsx';

const NEVER_HELD: ReadonlySet<PageName> = new Set(['sign-in', 'headset', 'device']);

export function PrivacyNoticeGate({ page, children }: { page: PageName; children: ReactNode }) {
  const userId = useSession((state) => state.user?.id ?? null);
  const status = usePrivacyNotice((state) => state.status);
  const { checkPrivacyNotice } = useClientServices().privacyNotice;
  const shown = status === 'needed' && !NEVER_HELD.has(page);
  const wasShown = useRef(false);

  useEffect(() => {
    void checkPrivacyNotice(userId);
  }, [checkPrivacyNotice, userId]);

  // Once acknowledged, focus moves to the page the notice stood in front of.
  useEffect(() => {
    if (shown) {
      wasShown.current = true;
      return;
    }
    if (!wasShown.current) return;
    wasShown.current = false;
    const main = document.getElementById('main');
    if (main === null) return;
    if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    main.focus();
  }, [shown]);

  return shown ? <PrivacyNoticePage /> : <>{children}</>;
}
