// How the React tree reaches the client services the app made at start-up (src/app/services.ts):
// one context, provided once at the top of the app, so a hook such as useSession reads the same
// session store that the sync loop and the attempt persistence use, and a test can provide its own.
import { createContext, useContext } from 'react';
import type { ClientServices } from './client-services.ts';

export const ClientServicesContext = createContext<ClientServices | null>(null);

/** The app's client services; throws outside the provider, which is a wiring mistake. */
export function useClientServices(): ClientServices {
  const services = useContext(ClientServicesContext);
  if (!services)
    throw new Error('useClientServices: no ClientServicesContext above this component (src/app/app.tsx provides it).');
  return services;
}
