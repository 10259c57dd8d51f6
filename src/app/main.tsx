// Entry point. The app's services (storage, session, sync, comfort…) are made here, once, and
// handed to App; nothing reads storage before this. E2E builds first install the emulated headset,
// so the XR store sees it.
// First: it must run before any schema is built.
import './zod-config.ts';
import { Profiler, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, initialLocale } from '../i18n/i18n.ts';
import { App } from './app.tsx';
import { registerServiceWorker } from '../client/service-worker-registration.ts';
import { createAppServices } from './services.ts';
import './styles.css';

async function boot() {
  const services = createAppServices();
  initI18n(initialLocale(services.client.storage));
  let onCommit: (() => void) | undefined;
  if (import.meta.env.MODE === 'e2e') {
    const { installTestDevice } = await import('../testing/test-device.ts');
    const hook = await installTestDevice();
    onCommit = () => {
      hook.commits += 1;
    };
  }
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <StrictMode>
      <Profiler id="app" onRender={() => onCommit?.()}>
        <App services={services} />
      </Profiler>
    </StrictMode>,
  );
}

void boot();
registerServiceWorker();
