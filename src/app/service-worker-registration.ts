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
      if (navigator.serviceWorker.controller) console.info('Shixun: a new version is downloading; it starts the next time the app is opened.');
    });
  } catch (error) {
    console.warn('Shixun: the offline copy could not be set up (service worker registration failed); the app still works while online.', error);
  }
}

export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  // After load: the worker's precache downloads must not compete with the page's own first load.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
