// One Chromium for the whole run: fresh contexts that abort and count every off-host request.
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/fixtures/browser.ts';

export interface OffHostRequest {
  readonly url: string;
  readonly type: string;
  /** Which measurement's page asked for it. */
  readonly during: string;
}

const NETWORK_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:']);

export class BenchBrowser {
  /** Every off-host request any page made, across every context; each was aborted. */
  readonly offHost: OffHostRequest[] = [];
  private constructor(readonly browser: Browser) {}

  static async launch(): Promise<BenchBrowser> {
    return new BenchBrowser(await chromium.launch({ ...chromiumLaunchOptions(), headless: true }));
  }

  version(): string {
    return this.browser.version();
  }

  /** A fresh context (empty cache and storage) at 1280×720 whose off-host requests are aborted and logged. */
  async context(appHost: string, during: string): Promise<BrowserContext> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const offHost = (url: URL): boolean => NETWORK_PROTOCOLS.has(url.protocol) && url.host !== appHost;
    context.on('request', (request) => {
      if (offHost(new URL(request.url()))) this.offHost.push({ url: request.url(), type: request.resourceType(), during });
    });
    await context.route(offHost, (route) => route.abort('blockedbyclient'));
    await context.routeWebSocket(offHost, (ws) => {
      this.offHost.push({ url: ws.url(), type: 'websocket', during });
      return ws.close({ code: 1008, reason: 'Shixun bench: off-host WebSocket blocked' });
    });
    return context;
  }

  /** Runs `body` in a fresh context and always closes it. */
  async withContext<T>(appHost: string, during: string, body: (context: BrowserContext) => Promise<T>): Promise<T> {
    const context = await this.context(appHost, during);
    try {
      return await body(context);
    } finally {
      await context.close();
    }
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
