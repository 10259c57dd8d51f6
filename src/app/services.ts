// The app's services, made once when the page starts (src/app/main.tsx) rather than on import:
// one storage, the client state that remembers things in it (session, sync, saved attempts, class
// membership, privacy notice) and the device's comfort settings. App provides them to the tree
// (src/app/services-provider.tsx), so no module reads localStorage or the system's settings just
// by being imported, and a test can make a fresh set over a storage of its own.
import { createClientServices, type ClientServices } from '../client/client-services.ts';
import { createBrowserStorage, type KeyValueStorage } from '../client/storage.ts';
import { createComfortStore, REDUCED_MOTION_QUERY, type ComfortStore, type ReducedMotionQuery } from '../xr/comfort-settings.ts';

export interface AppServices {
  readonly client: ClientServices;
  readonly comfort: ComfortStore;
}

export interface AppServicesOptions {
  /** Where the app remembers things; the browser's localStorage (with an in-memory fallback) by default. */
  readonly storage?: KeyValueStorage;
  /** The system's `prefers-reduced-motion`; the browser's own by default, none where there is no matchMedia. */
  readonly reducedMotionQuery?: ReducedMotionQuery | null;
}

export function createAppServices({
  storage = createBrowserStorage(),
  reducedMotionQuery = systemReducedMotionQuery(),
}: AppServicesOptions = {}): AppServices {
  return {
    client: createClientServices(storage),
    comfort: createComfortStore({ storage, query: reducedMotionQuery }),
  };
}

function systemReducedMotionQuery(): ReducedMotionQuery | null {
  return typeof matchMedia === 'function' ? matchMedia(REDUCED_MOTION_QUERY) : null;
}
