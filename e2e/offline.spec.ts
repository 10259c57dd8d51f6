// A headset that opened Shixun once keeps working with the network off: the service worker serves
// the app shell, the course chunks and assets, the font and the Quest controller models, and
// leaves the API, xAPI and health check to the network.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, BrowserContext, Page, Route } from '@playwright/test';
import { attemptTicket } from './fixtures/assessment.ts';
import { createUser, signIn } from './fixtures/accounts.ts';
import { ShixunApp } from './fixtures/app.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { catalogScenes } from './fixtures/courses.ts';
import { PASSING } from './fixtures/data-security-paths.ts';
import { playStepDom } from './fixtures/drive.ts';
import { expect, test } from './fixtures/index.ts';

type StepId = keyof typeof PASSING;

// The build the e2e server serves (same default as playwright.config.ts).
const STATIC_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)), process.env.SHIXUN_E2E_STATIC_DIR || 'dist-e2e');
const SERVED_WORKER = path.join(STATIC_DIR, 'sw.js');

/** Requests the service worker never answers: these fail offline by design. */
const NETWORK_ONLY = /^\/(?:api|xapi)(?:\/|$)|^\/healthz$/;

/** The URLs sw.js precaches, read from the built worker (Workbox writes `{url:"…",revision:…}`). */
async function precacheManifest(request: APIRequestContext): Promise<string[]> {
  const source = await (await request.get('/sw.js')).text();
  const urls = [...source.matchAll(/\{url:"([^"]+)",revision:/g)].map((match) => `/${match[1]!}`);
  expect(urls.length, 'precache entries found in sw.js').toBeGreaterThan(10);
  return urls;
}

/** Waits until a service worker controls the page and its install (the whole precache) is done. */
async function waitForOfflineCopy(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    if (!registration.active) throw new Error('no active service worker');
    const cached: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith('workbox-precache')) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) cached.push(new URL(request.url).pathname);
    }
    return cached;
  });
}

/** Same-host requests that failed or answered an error, API and health check excepted. */
function trackAssetFailures(context: BrowserContext, appHost: string): string[] {
  const failures: string[] = [];
  const isAppAsset = (href: string) => {
    const url = new URL(href);
    return url.host === appHost && !NETWORK_ONLY.test(url.pathname);
  };
  context.on('requestfailed', (request) => {
    if (isAppAsset(request.url())) failures.push(`${request.url()} failed: ${request.failure()?.errorText ?? 'unknown'}`);
  });
  context.on('response', (response) => {
    if (isAppAsset(response.url()) && response.status() >= 400) failures.push(`${response.url()} answered ${response.status()}`);
  });
  return failures;
}

/** Cuts the network: the browser is offline, and anything that still reaches for the server is aborted and listed. */
async function goOffline(
  context: BrowserContext,
  appHost: string,
): Promise<{ reachedNetwork: string[]; goOnline: () => Promise<void> }> {
  const reachedNetwork: string[] = [];
  const toApp = (url: URL) => url.host === appHost;
  const cut = (route: Route) => {
    reachedNetwork.push(new URL(route.request().url()).pathname);
    return route.abort('internetdisconnected');
  };
  await context.setOffline(true);
  await context.route(toApp, cut);
  return {
    reachedNetwork,
    goOnline: async () => {
      await context.unroute(toApp, cut);
      await context.setOffline(false);
    },
  };
}

test('after one visit, a learner reloads with the network off, opens a course and finishes a scene', async ({
  app,
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const appHost = new URL(baseURL ?? '').host;
  await page.goto('/');
  const cached = await waitForOfflineCopy(page);
  const manifest = await precacheManifest(page.request);
  expect(cached.sort()).toEqual([...manifest].sort());
  // What a headset needs: the course chunk and its model, the font, Quest controllers and hands.
  for (const needed of [
    /^\/index\.html$/,
    /^\/assets\/.*data-security.*\.js$/,
    /^\/courses\/data-security\/assets\/visitor-kiosk\.glb$/,
    /^\/fonts\/shixun-sc\.woff$/,
    /^\/xr-profiles\/meta-quest-touch-plus\/left\.glb$/,
    /^\/xr-profiles\/generic-hand\/right\.glb$/,
  ]) {
    expect(
      manifest.some((url) => needed.test(url)),
      `precached ${needed}`,
    ).toBe(true);
  }
  // The ~4 MB generic fallbacks are cached on first use, not up front.
  expect(manifest).not.toContain('/xr-profiles/generic-trigger/left.glb');

  const failures = trackAssetFailures(context, appHost);
  const fromWorker = new Set<string>();
  context.on('response', (response) => {
    if (response.fromServiceWorker()) fromWorker.add(new URL(response.url()).pathname);
  });
  const offline = await goOffline(context, appHost);

  await page.reload();
  await expect(page.locator('main.catalog')).toBeVisible();
  await app.openCourse('data-security');
  const [firstScene] = catalogScenes().find((course) => course.id === 'data-security')!.scenes;
  for (const stepId of firstScene!.steps) {
    await app.expectStep(stepId);
    await playStepDom(app, PASSING[stepId as StepId]);
  }
  const state = await app.state();
  expect(state.sceneIndex, 'the next scene is presented').toBe(1);
  expect(state.records.map((record) => record.stepId)).toEqual(firstScene!.steps);
  for (const record of state.records) expect(record.result.score, `${record.stepId} on the passing path`).toBe(record.result.max);

  // The app came from the worker: shell, course chunk and the scene's model.
  expect([...fromWorker]).toEqual(expect.arrayContaining(['/', '/courses/data-security/assets/visitor-kiosk.glb']));
  expect(
    [...fromWorker].some((pathname) => /^\/assets\/.*data-security.*\.js$/.test(pathname)),
    'course chunk from the service worker',
  ).toBe(true);
  // The API and health check are network only: offline they fail instead of answering from a cache.
  const probes = await page.evaluate(async () => {
    const probe = (url: string) =>
      fetch(url, { cache: 'no-store' }).then(
        (response) => `answered ${response.status}`,
        () => 'failed',
      );
    return { healthz: await probe('/healthz'), api: await probe('/api/v1/courses') };
  });
  expect(probes).toEqual({ healthz: 'failed', api: 'failed' });
  expect(failures, 'app assets that failed offline').toEqual([]);
  expect(
    offline.reachedNetwork.filter((pathname) => !NETWORK_ONLY.test(pathname)),
    'app requests that went past the service worker',
  ).toEqual([]);

  await offline.goOnline();
  const health = await page.evaluate(() => fetch('/healthz', { cache: 'no-store' }).then((response) => response.status));
  expect(health).toBe(200);
});

test('the service worker never answers the API, xAPI or health check, even for a page load', async ({ page }) => {
  await page.goto('/');
  await waitForOfflineCopy(page);
  for (const pathname of ['/api/v1/no-such-route', '/xapi/about', '/healthz']) {
    const response = await page.goto(pathname);
    expect(response, pathname).not.toBeNull();
    expect(response!.fromServiceWorker(), `${pathname} answered by the service worker`).toBe(false);
    expect(response!.headers()['content-type'], `${pathname} is the server's JSON, not the app shell`).toContain(
      'application/json',
    );
  }
});

test('a new version waits while a page is open and takes over at the next start', async ({ app, page, context }) => {
  await page.goto('/');
  await waitForOfflineCopy(page);
  await app.openCourse('data-security');
  const [firstStep, secondStep] = catalogScenes().find((course) => course.id === 'data-security')!.scenes[0]!.steps as StepId[];
  await app.expectStep(firstStep!);
  await playStepDom(app, PASSING[firstStep!]);
  await page.evaluate(() => {
    (window as unknown as { shixunNotReloaded: boolean }).shixunNotReloaded = true;
  });
  const before = await app.state();

  // The server now has a new build: the same worker, byte-changed, answering a version probe.
  // (Written to the served folder: the browser fetches worker updates itself, past Playwright's routes.)
  const current = await readFile(SERVED_WORKER, 'utf8');
  await writeFile(
    SERVED_WORKER,
    `${current}\nself.addEventListener('message', (event) => { if (event.data === 'shixun-e2e-version') event.ports[0]?.postMessage('next'); });\n`,
  );
  try {
    const waiting = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.update();
      const installing = registration.installing;
      if (installing && installing.state !== 'installed') {
        await new Promise<void>((resolve) =>
          installing.addEventListener('statechange', () => installing.state === 'installed' && resolve()),
        );
      }
      return registration.waiting?.state ?? null;
    });
    expect(waiting, 'the new worker installed and waits').toBe('installed');

    // Nothing reloaded the page or reset the attempt, and the old worker still controls it.
    await app.frames(5);
    expect(await page.evaluate(() => (window as unknown as { shixunNotReloaded?: boolean }).shixunNotReloaded)).toBe(true);
    expect(await app.state()).toEqual(before);
    expect(await versionOf(page)).toBe('old');
    // The attempt goes on under the old worker.
    await app.expectStep(secondStep!);
    await playStepDom(app, PASSING[secondStep!]);
    expect((await app.state()).records.map((record) => record.stepId)).toEqual([firstStep, secondStep]);

    // Next start: every page closed, the app opened again. The browser lets the old worker go a
    // moment after its last page closes; a start within that moment still gets the old version,
    // so start again until the new one runs.
    await page.close();
    let reopened: Page | undefined;
    await expect
      .poll(
        async () => {
          await reopened?.close();
          reopened = await context.newPage();
          await reopened.goto('/');
          return versionOf(reopened);
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe('next');
    if (!reopened) throw new Error('no page was reopened');
    // Same course version in the new build: the saved attempt resumes where it was.
    const again = new ShixunApp(reopened);
    await again.openCourse('data-security');
    expect((await again.state()).records.map((record) => record.stepId)).toEqual([firstStep, secondStep]);
    await reopened.close();
  } finally {
    await writeFile(SERVED_WORKER, current);
  }
});

test('a signed-in learner takes an assessment offline, reloads offline, and the server gets the record exactly once', async ({
  app,
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  const appHost = new URL(baseURL ?? '').host;
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/');
  await signIn(page, learner);
  await expect(page.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible();
  // The catalog fetched the learner's attempt tickets while online: data-security draws steps per
  // attempt, so its assessment starts offline only with the id the server issued.
  const ticketKey = (courseId: string) => `shixun.ticket.${courseId}~${encodeURIComponent(learner.username)}`;
  const heldTicket = (courseId: string) =>
    page.evaluate(
      (key) =>
        (JSON.parse(localStorage.getItem(key) ?? 'null') as { ticket: { attemptId: string } | null } | null)?.ticket?.attemptId ??
        null,
      ticketKey(courseId),
    );
  await expect.poll(() => heldTicket('data-security')).not.toBeNull();
  await expect.poll(() => heldTicket('algorithm-ethics')).not.toBeNull();
  const ticket = await attemptTicket(page.request, 'data-security');
  expect(await heldTicket('data-security')).toBe(ticket);
  await waitForOfflineCopy(page);
  const failures = trackAssetFailures(context, appHost);
  const offline = await goOffline(context, appHost);

  // Without a ticket (this device never fetched one), a course with drawn steps says so instead of starting.
  await page.evaluate((key) => localStorage.removeItem(key), ticketKey('algorithm-ethics'));
  await page.goto('/?course=algorithm-ethics&mode=assessment&lang=en');
  await expect(page.getByTestId('ticket-needed')).toContainText('Connect to the network once');
  await expect(page.locator('.scene-view')).toHaveCount(0);

  // A course with a timed step (timed on the server's clock) says so offline too, and its assessment
  // does not start: the catalog's button and the play page each say why; nothing is saved or queued.
  await page.goto('/?lang=en');
  const governance = page.locator('[data-course="governance"]');
  await expect(governance.getByTestId('timed-needs-network')).toContainText("timed on the server's clock");
  await governance.locator('button[data-mode="assessment"]').click();
  await expect(governance.getByTestId('timed-offline')).toHaveText(/cannot start offline/);
  await expectAccessible(page, 'catalog offline, timed assessment refused');
  await page.goto('/?course=governance&mode=assessment&lang=zh-CN');
  await expect(page.getByTestId('timed-offline')).toContainText('离线时不能开始');
  await expect(page.locator('.scene-view')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('assessment.governance@')))).toEqual(
    [],
  );

  await page.goto('/?course=data-security&mode=assessment&lang=zh-CN');
  await app.waitForScene();
  await expect(page.locator('.task-panel .badge')).toHaveAttribute('data-mode', 'assessment');
  const [firstScene] = catalogScenes().find((course) => course.id === 'data-security')!.scenes;
  for (const stepId of firstScene!.steps) {
    await app.expectStep(stepId);
    await playStepDom(app, PASSING[stepId as StepId]);
  }
  const saved = await savedAssessment(page);
  expect(saved.length, 'actions saved locally').toBeGreaterThan(firstScene!.steps.length);
  await expect(page.locator('.sync-status')).toHaveAttribute('data-sync-state', 'offline');
  expect(Number(await page.locator('.sync-status').getAttribute('data-pending'))).toBeGreaterThan(0);

  // A reload with the network still off resumes the attempt and keeps what is owed to the server.
  await page.reload();
  await app.waitForScene();
  expect((await app.state()).records.map((record) => record.stepId)).toEqual(firstScene!.steps);
  expect(await savedAssessment(page)).toEqual(saved);
  await expect(page.locator('.sync-status')).toHaveAttribute('data-sync-state', 'offline');
  expect(failures, 'app assets that failed offline').toEqual([]);
  expect(
    offline.reachedNetwork.filter((pathname) => !NETWORK_ONLY.test(pathname)),
    'app requests that went past the service worker',
  ).toEqual([]);

  await offline.goOnline();
  await expect(page.locator('.sync-status')).toHaveAttribute('data-sync-state', 'synced', { timeout: 30_000 });
  await expect(page.locator('.sync-status')).toHaveAttribute('data-pending', '0');
  const attemptId = saved[0]!.attemptId!;
  // Started offline with the ticket, and accepted: the server issues the next attempt another id.
  expect(attemptId).toBe(ticket);
  expect(await attemptTicket(page.request, 'data-security')).not.toBe(ticket);
  const expectRecordedOnce = async () => {
    const { results } = (await (
      await page.request.get(`/api/v1/results?user=${encodeURIComponent(learner.username)}`)
    ).json()) as { results: AttemptViewBody[] };
    expect(
      results.map((view) => view.attemptId),
      'one attempt on the server',
    ).toEqual([attemptId]);
    const [view] = results;
    expect(view!.received, 'every action, once').toBe(saved.length);
    // Graded on the server, but shown to nobody before the attempt ends.
    expect(view!.status).toBe('in-progress');
    expect(view!.steps, 'no grading shown while the attempt runs').toEqual([]);
  };
  await expectRecordedOnce();
  // Starting again online reconciles the saved log with the server: nothing is sent twice.
  await page.reload();
  await app.waitForScene();
  await expect(page.locator('.sync-status')).toHaveAttribute('data-sync-state', 'synced', { timeout: 30_000 });
  await expectRecordedOnce();
});

interface AttemptViewBody {
  readonly attemptId: string;
  readonly received: number;
  readonly status: string;
  readonly steps: readonly { readonly stepId: string }[];
}

/** The data-security assessment log saved in the browser (attempt-persistence.ts), oldest action first. */
async function savedAssessment(page: Page): Promise<{ kind: string; attemptId?: string }[]> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      if (key.startsWith('shixun.assessment.data-security@') && !key.endsWith('.status'))
        return JSON.parse(localStorage.getItem(key) ?? '[]') as { kind: string; attemptId?: string }[];
    }
    return [];
  });
}

/** 'next' when the controlling worker is the updated one (it answers the probe), else 'old'. */
function versionOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = navigator.serviceWorker.controller ?? registration.active;
    if (!worker) return 'none';
    const channel = new MessageChannel();
    const answer = new Promise<string>((resolve) => {
      channel.port1.onmessage = (event) => resolve(String(event.data));
      setTimeout(() => resolve('old'), 1_000);
    });
    worker.postMessage('shixun-e2e-version', [channel.port2]);
    return answer;
  });
}
