// The app shell: header with the language switch, and the page the URL asks for
// (?course=<id> plays a course; otherwise the catalog).
import { lazy, Suspense, useEffect, useState } from 'react';
import { CatalogPage } from '../ui/catalog-page.tsx';
import { setLocale, useT } from '../ui/i18n.ts';

// The 3D side (three, r3f, XR) loads only when a course is opened: the catalog starts light.
const PlayPage = lazy(() => import('../ui/play-page.tsx').then((m) => ({ default: m.PlayPage })));

function readRoute() {
  const params = new URLSearchParams(location.search);
  return { courseId: params.get('course'), sceneId: params.get('scene') };
}

export function App() {
  const { t, locale } = useT();
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const onPop = () => setRoute(readRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (courseId: string | null) => {
    const url = new URL(location.href);
    if (courseId) url.searchParams.set('course', courseId);
    else url.searchParams.delete('course');
    url.searchParams.delete('scene');
    history.pushState(null, '', url);
    setRoute(readRoute());
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {locale === 'en' ? 'Skip to content' : '跳到主要内容'}
      </a>
      <header className="app-header">
        <a href="/" className="brand" onClick={(e) => { e.preventDefault(); navigate(null); }}>
          <strong>{t('appName')}</strong> <span>{t('appTagline')}</span>
        </a>
        <button type="button" className="lang" lang={locale === 'en' ? 'zh-CN' : 'en'} aria-label={t('language')} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
          {t('switchLanguage')}
        </button>
      </header>
      {route.courseId ? (
        <Suspense fallback={<main id="main" aria-busy="true">{t('loading')}</main>}>
          <PlayPage key={`${route.courseId}/${route.sceneId ?? ''}`} courseId={route.courseId} previewScene={route.sceneId} onBack={() => navigate(null)} />
        </Suspense>
      ) : (
        <CatalogPage onOpen={(id) => navigate(id)} />
      )}
    </>
  );
}
