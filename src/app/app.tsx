// The app shell: header (brand, who is signed in, language switch) and the page the URL asks for
// (src/client/route.ts): the catalog, a course (?course=), or the account pages (?page=…, /device).
// The services made at start-up (src/app/services.ts) are provided here to everything below.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { AdminUsersPage } from '../ui/admin-users-page.tsx';
import { ChangePasswordPage } from '../ui/change-password-page.tsx';
import { CatalogPage } from '../ui/catalog-page.tsx';
import { DevicePage } from '../ui/device-page.tsx';
import { HeadsetSignIn } from '../ui/headset-sign-in.tsx';
import { setLocale, useT } from '../i18n/i18n.ts';
import { usePageTitle } from '../ui/page-title.ts';
import { PrivacyNoticeGate } from '../ui/privacy-notice-gate.tsx';
import { SignInPage } from '../ui/sign-in-page.tsx';
import { SyncStatus, useSyncLoop } from '../ui/sync-status.tsx';
import { UserMenu } from '../ui/user-menu.tsx';
import { followLink, hrefFor, navigate, onRouteChange, readRoute, type Route } from '../client/route.ts';
import { markFirstViewReady } from '../client/service-worker-registration.ts';
import { useClientServices } from '../client/client-context.ts';
import { useSession } from '../client/session.ts';
import type { AppServices } from './services.ts';
import { AppServicesProvider } from './services-provider.tsx';

// The 3D side (three, r3f, XR) loads only when a course is opened: the catalog starts light.
const PlayPage = lazy(() => import('./play-page.tsx').then((m) => ({ default: m.PlayPage })));
// The consoles (charts, editors) load only when opened, so learners never download them.
const AdminReportsPage = lazy(() => import('../ui/admin/reports-page.tsx').then((m) => ({ default: m.AdminReportsPage })));
const AdminPolicyPage = lazy(() => import('../ui/admin/policy-page.tsx').then((m) => ({ default: m.AdminPolicyPage })));
const AdminAuditPage = lazy(() => import('../ui/admin/audit-page.tsx').then((m) => ({ default: m.AdminAuditPage })));
const AdminCredentialsPage = lazy(() =>
  import('../ui/admin/credentials-page.tsx').then((m) => ({ default: m.AdminCredentialsPage })),
);
const AdminHonoursPage = lazy(() => import('../ui/admin/honours-page.tsx').then((m) => ({ default: m.AdminHonoursPage })));
const AdminTokensPage = lazy(() => import('../ui/admin/tokens-page.tsx').then((m) => ({ default: m.AdminTokensPage })));
const AdminAttemptPage = lazy(() => import('../ui/admin/attempt-page.tsx').then((m) => ({ default: m.AdminAttemptPage })));
const TrainerPage = lazy(() => import('../ui/trainer/trainer-page.tsx').then((m) => ({ default: m.TrainerPage })));
const ExercisesPage = lazy(() =>
  import('../ui/exercise/trainer-exercises-page.tsx').then((m) => ({ default: m.TrainerExercisesPage })),
);
const ExercisePage = lazy(() => import('../ui/exercise/exercise-page.tsx').then((m) => ({ default: m.ExercisePage })));
const MyTrainingPage = lazy(() => import('../ui/my-training-page.tsx').then((m) => ({ default: m.MyTrainingPage })));
const ExerciseReviewPage = lazy(() =>
  import('../ui/exercise/exercise-review-page.tsx').then((m) => ({ default: m.ExerciseReviewPage })),
);
const MyCertificatesPage = lazy(() =>
  import('../ui/credentials/my-certificates-page.tsx').then((m) => ({ default: m.MyCertificatesPage })),
);
const CertificatePage = lazy(() =>
  import('../ui/credentials/certificate-page.tsx').then((m) => ({ default: m.CertificatePage })),
);
const VerifyPage = lazy(() => import('../ui/credentials/verify-page.tsx').then((m) => ({ default: m.VerifyPage })));
const MyRecordsPage = lazy(() => import('../ui/privacy/my-records-page.tsx').then((m) => ({ default: m.MyRecordsPage })));

function useRoute(): Route {
  const [route, setRoute] = useState(() => readRoute());
  useEffect(() => onRouteChange(() => setRoute(readRoute())), []);
  return route;
}

/** The tab title of each page; a course page names itself once its course has loaded. */
function usePageTitleFor(route: Route): void {
  const { t } = useT();
  const titles: Record<Route['page'], string | null> = {
    'sign-in': t('signIn_title'),
    headset: t('headset_title'),
    device: t('device_title'),
    'admin-users': t('admin_title'),
    // Lazy pages name themselves (usePageTitle) once they have loaded.
    'admin-reports': null,
    'admin-policy': null,
    'admin-honours': null,
    'admin-credentials': null,
    'admin-tokens': null,
    'admin-audit': null,
    'admin-attempt': null,
    trainer: null,
    exercises: null,
    exercise: null,
    'exercise-replay': null,
    'exercise-debrief': null,
    'my-records': null,
    'my-training': null,
    'my-certificates': null,
    certificate: null,
    verify: null,
    // The form names itself (usePageTitle).
    'change-password': null,
    course: null,
    catalog: t('catalogTitle'),
  };
  usePageTitle(titles[route.page]);
}

function LazyPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'admin-reports':
      return <AdminReportsPage />;
    case 'admin-policy':
      return <AdminPolicyPage />;
    case 'admin-honours':
      return <AdminHonoursPage />;
    case 'admin-credentials':
      return <AdminCredentialsPage />;
    case 'admin-tokens':
      return <AdminTokensPage />;
    case 'admin-audit':
      return <AdminAuditPage />;
    case 'admin-attempt':
      return <AdminAttemptPage attemptId={route.attemptId} />;
    case 'trainer':
      return <TrainerPage classId={route.classId} />;
    case 'exercises':
      return <ExercisesPage key={route.sessionId ?? ''} sessionId={route.sessionId} />;
    case 'exercise':
      return <ExercisePage key={route.sessionId ?? ''} sessionId={route.sessionId} />;
    case 'exercise-replay':
    case 'exercise-debrief':
      return (
        <ExerciseReviewPage
          key={`${route.page}-${route.sessionId ?? ''}`}
          sessionId={route.sessionId}
          debrief={route.page === 'exercise-debrief'}
        />
      );
    case 'my-records':
      return <MyRecordsPage />;
    case 'my-training':
      return <MyTrainingPage />;
    case 'my-certificates':
      return <MyCertificatesPage />;
    case 'certificate':
      return <CertificatePage credentialId={route.credentialId} />;
    case 'verify':
      return <VerifyPage expectedId={route.credentialId} />;
    default:
      return null;
  }
}

function CurrentPage({ route }: { route: Route }) {
  const { t } = useT();
  usePageTitleFor(route);
  switch (route.page) {
    case 'sign-in':
      return <SignInPage next={route.next} ssoError={route.ssoError} />;
    case 'headset':
      return <HeadsetSignIn next={route.next} />;
    case 'device':
      return <DevicePage key={route.code ?? ''} prefilledCode={route.code} />;
    case 'admin-users':
      return <AdminUsersPage />;
    case 'change-password':
      return <ChangePasswordPage forced={false} />;
    case 'admin-reports':
    case 'admin-policy':
    case 'admin-honours':
    case 'admin-credentials':
    case 'admin-tokens':
    case 'admin-audit':
    case 'admin-attempt':
    case 'trainer':
    case 'exercises':
    case 'exercise':
    case 'exercise-replay':
    case 'exercise-debrief':
    case 'my-records':
    case 'my-training':
    case 'my-certificates':
    case 'certificate':
    case 'verify':
      return (
        <Suspense
          fallback={
            <main id="main" aria-busy="true">
              {t('loading')}
            </main>
          }
        >
          <LazyPage route={route} />
        </Suspense>
      );
    case 'course':
      return (
        <Suspense
          fallback={
            <main id="main" aria-busy="true">
              {t('loading')}
            </main>
          }
        >
          <PlayPage
            key={`${route.courseId}/${route.sceneId ?? ''}`}
            courseId={route.courseId ?? ''}
            previewScene={route.sceneId}
            onBack={() => navigate(hrefFor({}))}
          />
        </Suspense>
      );
    case 'catalog':
      return <CatalogPage />;
  }
}

/** While an admin-set temporary password is in force, the change-password form stands in for every page. */
function PasswordGate({ children }: { children: ReactNode }) {
  const mustChange = useSession((state) => state.mustChangePassword);
  return mustChange ? <ChangePasswordPage forced /> : <>{children}</>;
}

export function App({ services }: { services: AppServices }) {
  return (
    <AppServicesProvider services={services}>
      <AppShell />
    </AppServicesProvider>
  );
}

function AppShell() {
  const { t, locale } = useT();
  const route = useRoute();
  const { session, storage } = useClientServices();
  useSyncLoop();
  useEffect(() => {
    // Who is signed in: the remembered user shows at once, the server's answer replaces it.
    void session.refreshSession();
  }, [session]);
  // A course page says so itself, after its scene's first frame (src/scenes/scene-view.tsx).
  useEffect(() => {
    if (route.page !== 'course') markFirstViewReady();
  }, [route.page]);
  return (
    <>
      <a className="skip-link" href="#main">
        {locale === 'en' ? 'Skip to content' : '跳到主要内容'}
      </a>
      <header className="app-header">
        <a href={hrefFor({})} className="brand" onClick={followLink}>
          <strong>{t('appName')}</strong> <span>{t('appTagline')}</span>
        </a>
        <div className="header-end">
          <SyncStatus />
          <UserMenu />
          {/* Named by what it shows (label in name, WCAG 2.5.3); the title says what it switches. */}
          <button
            type="button"
            className="lang"
            lang={locale === 'en' ? 'zh-CN' : 'en'}
            title={t('language')}
            onClick={() => setLocale(storage, locale === 'en' ? 'zh-CN' : 'en')}
          >
            {t('switchLanguage')}
          </button>
        </div>
      </header>
      {/* Until the signed-in person has read the current privacy notice, it stands in for the page. */}
      <PasswordGate>
        <PrivacyNoticeGate page={route.page}>
          <CurrentPage route={route} />
        </PrivacyNoticeGate>
      </PasswordGate>
    </>
  );
}
