// Registers the service worker that keeps the app, its courses and the controller models
// available offline (built by vite-plugin-pwa, configured in scripts/pwa-options.ts).
// Production and e2e builds only: `vite` dev serves no worker, and a worker there would serve
// stale modules. A failed registration is logged: the app still works online without one.

/** Where the build writes the worker; its scope is the whole app. */
const SERVICE_WORKER_URL = `${import.meta.env.BASE_URL}sw.js`;

async function register(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: import.meta.env.BASE_URL });
    // A new version installs in the background and waits until every Shixun page has closed, so
    // an attempt in progress is never reloaded; the next start runs the new version.
    registration.addEventListener('updatefound', () => {
      if (navigator.serviceWorker.controller)
        console.info('Shixun: a new version is downloading; it starts the next time the app is opened.');
    });
  } catch (error) {
    console.warn(
      'Shixun: the offline copy could not be set up (service worker registration failed); the app still works while online.',
      error,
    );
  }
}

let viewReady: (() => void) | undefined;
const firstView = new Promise<void>((resolve) => {
  viewReady = resolve;
});

/**
 * The page's first view is on screen: a scene's first frame, or a DOM page rendered. Until then
 * the worker waits, because its precache (every chunk and course, the font, controller models,
 * several MB) competed with a course page's own lazy chunks and shader compiles on a first visit
 * and made the first frame bimodal (1.25 s or 2 s on the bench's 2 cores).
 */
export function markFirstViewReady(): void {
  viewReady?.();
}

/** A page whose first view never comes (a course without WebGL, an error) still gets its worker. */
const LONGEST_WAIT_MS = 10_000;

export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const loaded =
    document.readyState === 'complete'
      ? Promise.resolve()
      : new Promise<void>((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
  const shown = Promise.race([firstView, new Promise<void>((resolve) => setTimeout(resolve, LONGEST_WAIT_MS))]);
  void Promise.all([loaded, shown]).then(() => {
    // And then a quiet moment, so the downloads start after the view's own work.
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void register(), { timeout: 2_000 });
    else setTimeout(() => void register(), 200);
  });
}
