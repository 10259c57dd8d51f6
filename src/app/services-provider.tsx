// Hands the app's services (src/app/services.ts) to everything below: the client state through
// ClientServicesContext, the comfort settings through ComfortContext. The 3D canvas passes both on
// to the scene, so the headset's panels read the same stores as the page.
import type { ReactNode } from 'react';
import { ClientServicesContext } from '../client/client-context.ts';
import { ComfortContext } from '../xr/comfort-settings.ts';
import type { AppServices } from './services.ts';

export function AppServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return (
    <ClientServicesContext.Provider value={services.client}>
      <ComfortContext.Provider value={services.comfort}>{children}</ComfortContext.Provider>
    </ClientServicesContext.Provider>
  );
}
