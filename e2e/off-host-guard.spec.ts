// Proves the off-host guard that every test relies on really blocks and records, using a
// separate context so this test's own guard stays clean. That context sets the Content Security
// Policy aside: the policy alone would already stop these requests before the guard saw them.
import { expect, guardOffHost, test } from './fixtures/base.ts';

test('the off-host guard aborts requests and WebSockets to other hosts and lists them', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL: baseURL ?? '', bypassCSP: true });
  try {
    const log = await guardOffHost(context, new URL(baseURL ?? '').host);
    const page = await context.newPage();
    await page.goto('/');
    const outcome = await page.evaluate(async () => {
      const own = await fetch('/healthz').then((response) => response.status);
      const cdn = await fetch('https://cdn.jsdelivr.net/npm/three/package.json').then(
        () => 'loaded',
        () => 'blocked',
      );
      const socket = await new Promise<string>((resolve) => {
        const ws = new WebSocket('wss://realtime.example.org/feed');
        ws.onopen = () => resolve('open');
        ws.onclose = () => resolve('closed');
      });
      return { own, cdn, socket };
    });
    expect(outcome).toEqual({ own: 200, cdn: 'blocked', socket: 'closed' });
    expect(log).toEqual([
      { url: 'https://cdn.jsdelivr.net/npm/three/package.json', type: 'fetch' },
      { url: 'wss://realtime.example.org/feed', type: 'websocket' },
    ]);
  } finally {
    await context.close();
  }
});

test('a host a spec allows is let through, and every other host is still blocked', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL: baseURL ?? '', bypassCSP: true });
  const app = new URL(baseURL ?? '');
  // A loopback port beside the app's, as the single sign-on journey's provider uses; nothing listens here.
  const allowed = `localhost:${Number(app.port) + 7}`;
  try {
    const log = await guardOffHost(context, app.host, [allowed]);
    const page = await context.newPage();
    await page.goto('/');
    await page.evaluate(async (host) => {
      await fetch(`http://${host}/allowed`).catch(() => undefined);
      await fetch(`http://localhost:${Number(location.port) + 8}/not-allowed`).catch(() => undefined);
    }, allowed);
    expect(log).toEqual([{ url: `http://localhost:${Number(app.port) + 8}/not-allowed`, type: 'fetch' }]);
  } finally {
    await context.close();
  }
});
