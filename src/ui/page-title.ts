// The browser tab's title names the page a person is on (WCAG 2.4.2), in the UI language:
// "Sign in · Shixun", "Results · Data security basics · 实训".
import { useEffect } from 'react';
import { useT } from '../i18n/i18n.ts';

/** Sets document.title to the page's own name followed by the app's; null leaves it to a child page. */
export function usePageTitle(page: string | null): void {
  const { t } = useT();
  const appName = t('appName');
  useEffect(() => {
    if (page !== null) document.title = page ? `${page} · ${appName}` : appName;
  }, [page, appName]);
}
