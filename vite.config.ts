import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './scripts/pwa-options.ts';
import { coursesPlugin } from './scripts/vite-plugin-courses.ts';

// @pmndrs/xr lazily imports its headset emulator (and sample rooms, ~5 MB) when a session starts
// on localhost. Shixun creates its own emulated device in e2e builds only, so production builds
// replace that import with a stub and ship none of it.
function stubXrEmulator(): Plugin {
  const STUB = '\0shixun-xr-emulate-stub';
  return {
    name: 'shixun-stub-xr-emulator',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer?.includes('@pmndrs/xr') && /(^|\/)emulate(\.js)?$/.test(source)) return STUB;
      return null;
    },
    load(id) {
      return id === STUB ? 'export function emulate() { return undefined; }\n' : null;
    },
  };
}

export default defineConfig(({ mode }) => ({
  // VitePWA writes sw.js after the bundle is on disk, so it precaches the course assets too.
  plugins: [react(), coursesPlugin(), stubXrEmulator(), VitePWA(pwaOptions())],
  build: {
    target: 'es2022',
    sourcemap: mode === 'e2e',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: 'localhost',
    proxy: {
      '/api': `http://localhost:${process.env.SHIXUN_API_PORT || '8080'}`,
      '/xapi': `http://localhost:${process.env.SHIXUN_API_PORT || '8080'}`,
    },
  },
}));
