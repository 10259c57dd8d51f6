// Which page the URL asks for, and moving between pages without reloading. The app has a handful
// of pages, so the route is a few query parameters (?page=, ?course=) rather than a router library;
// /device and /verify are also page paths: the server's device-code approval link and a certificate's QR code point there.
export type PageName =
  | 'catalog'
  | 'course'
  | 'sign-in'
  | 'device'
  | 'headset'
  | 'admin-users'
  | 'admin-reports'
  | 'admin-policy'
  | 'admin-honours'
  | 'admin-credentials'
  | 'admin-tokens'
  | 'admin-audit'
  | 'admin-attempt'
  | 'trainer'
  | 'exercises'
  | 'exercise'
  | 'exercise-replay'
  | 'exercise-debrief'
  | 'my-records'
  | 'my-training'
  | 'my-certificates'
  | 'certificate'
  | 'verify'
  | 'change-password';

export interface Route {
  readonly page: PageName;
  readonly courseId: string | null;
  readonly sceneId: string | null;
  /** A device code prefilled from the headset's QR code (?code=). */
  readonly code: string | null;
  /** Where to go after signing in: a same-origin path, already checked. */
  readonly next: string | null;
  /** The attempt an admin page shows (?attempt=). */
  readonly attemptId: string | null;
  /** The training session (class) a trainer page shows (?class=). */
  readonly classId: string | null;
  /** The joint-exercise session a trainer or participant page shows (?session=). */
  readonly sessionId: string | null;
  /** Why single sign-on did not sign the person in (?sso=, set by the server's callback). */
  readonly ssoError: string | null;
  /** The credential a certificate page shows (?credential=), or the verify page expects (/verify?id=). */
  readonly credentialId: string | null;
}

const NAMED_PAGES: ReadonlySet<string> = new Set([
  'sign-in',
  'device',
  'headset',
  'admin-users',
  'admin-reports',
  'admin-policy',
  'admin-honours',
  'admin-credentials',
  'admin-tokens',
  'admin-audit',
  'admin-attempt',
  'trainer',
  'exercises',
  'exercise',
  'exercise-replay',
  'exercise-debrief',
  'my-records',
  'my-training',
  'my-certificates',
  'certificate',
  'change-password',
]);
// Route parameters replaced on every navigation; anything else (e.g. ?lang=) is kept.
const ROUTE_PARAMS = [
  'page',
  'course',
  'mode',
  'scene',
  'code',
  'next',
  'attempt',
  'class',
  'session',
  'sso',
  'credential',
  'id',
] as const;
const NAVIGATE_EVENT = 'shixun:navigate';

/**
 * `next` when it is a path on this site (e.g. `/device?code=…`), else null: a sign-in link must
 * never send someone to another site.
 */
export function safeNextPath(next: string | null, origin: string = location.origin): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

export function readRoute(url: URL = new URL(location.href)): Route {
  const params = url.searchParams;
  const named = params.get('page');
  const courseId = params.get('course');
  let page: PageName = 'catalog';
  if (url.pathname === '/device') page = 'device';
  else if (url.pathname === '/verify') page = 'verify';
  else if (named && NAMED_PAGES.has(named)) page = named as PageName;
  else if (courseId) page = 'course';
  return {
    page,
    courseId,
    sceneId: params.get('scene'),
    code: params.get('code'),
    next: safeNextPath(params.get('next'), url.origin),
    attemptId: params.get('attempt'),
    classId: params.get('class'),
    sessionId: params.get('session'),
    ssoError: params.get('sso'),
    credentialId: params.get('credential') ?? params.get('id'),
  };
}

/** The current page's path and query, to come back to after signing in. */
export function currentPath(): string {
  return `${location.pathname}${location.search}`;
}

/** The URL of a page, keeping the language choice: `hrefFor({ page: 'sign-in', next: '/…' })`. */
export function hrefFor(params: Partial<Record<(typeof ROUTE_PARAMS)[number], string | null>>): string {
  const url = new URL(location.href);
  url.pathname = '/';
  url.hash = '';
  for (const name of ROUTE_PARAMS) url.searchParams.delete(name);
  for (const name of ROUTE_PARAMS) {
    const value = params[name];
    if (value) url.searchParams.set(name, value);
  }
  return `${url.pathname}${url.search}`;
}

/** Leaves the app for another site's page, e.g. signing out at the identity provider. */
export function leaveFor(url: string): void {
  location.assign(url);
}

/** Goes to `href` (a same-origin path) in place; `replace` leaves no history entry. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, location.origin);
  // Keep the language the learner chose when the target does not say otherwise.
  const lang = new URLSearchParams(location.search).get('lang');
  if (lang && !url.searchParams.has('lang')) url.searchParams.set('lang', lang);
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Calls `onChange` on back/forward and on every `navigate`; returns the unsubscribe. */
export function onRouteChange(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

/** Click handler for an in-app link: plain clicks navigate in place, modified clicks open normally. */
export function followLink(event: {
  preventDefault(): void;
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  currentTarget: { getAttribute(name: string): string | null };
}): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = event.currentTarget.getAttribute('href');
  if (!href) return;
  event.preventDefault();
  navigate(href);
}
