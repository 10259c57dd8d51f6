// Push-to-talk voice in a joint exercise, end to end: two learners in two browser contexts with a
// fake microphone join the same session; the one holding the talk button is heard by the other
// over the WebRTC mesh the room signals (inbound audio bytes in the listener's getStats), each sees
// the other speaking and then muted, and Space talks too. Media stays on loopback: Chromium may use
// loopback for peer connections and, in this test only, every candidate but 127.0.0.1 is dropped
// (trickled and in the session descriptions) before the app sees it.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createUser, CSRF_HEADERS, signIn, type TestUser } from './fixtures/accounts.ts';
import { chromiumLaunchOptions } from './fixtures/browser.ts';
import { guardOffHost, type OffHostRequest } from './fixtures/base.ts';
import { expect, test } from './fixtures/index.ts';

const launch = chromiumLaunchOptions();
test.use({
  launchOptions: {
    ...launch,
    args: [
      ...(launch.args ?? []),
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      // Host candidates with their addresses rather than mDNS names, so the loopback one is seen.
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  },
});

const POLICE = 'District Public Security Sub-bureau, Cyber Police Unit';
const BUREAU = 'District Big Data Bureau';

/**
 * Test only: every peer connection kept for getStats, only 127.0.0.1 candidates let through, and
 * the microphone requests counted.
 */
function loopbackOnly(): void {
  const probe = window as unknown as { __voiceConnections: RTCPeerConnection[]; __micRequests: number };
  probe.__micRequests = 0;
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    probe.__micRequests += 1;
    return getUserMedia(constraints);
  };
  const Native = window.RTCPeerConnection;
  const loopback = (candidate: string) => candidate.includes(' 127.0.0.1 ');
  const seen: RTCPeerConnection[] = [];
  probe.__voiceConnections = seen;
  class LoopbackOnly extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      seen.push(this);
    }
    override addEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ) {
      if (type !== 'icecandidate' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
      super.addEventListener(
        type,
        (event: Event) => {
          const candidate = (event as RTCPeerConnectionIceEvent).candidate;
          if (candidate && candidate.candidate !== '' && !loopback(candidate.candidate)) return;
          listener.call(this, event);
        },
        options,
      );
    }
    override get localDescription(): RTCSessionDescription | null {
      const description = super.localDescription;
      if (description === null) return null;
      const sdp = description.sdp
        .split('\r\n')
        .filter((line) => !line.startsWith('a=candidate:') || loopback(line))
        .join('\r\n');
      return { type: description.type, sdp, toJSON: () => ({ type: description.type, sdp }) } as RTCSessionDescription;
    }
  }
  window.RTCPeerConnection = LoopbackOnly;
}

async function learner(browser: Browser, base: string, user: TestUser, log: OffHostRequest[][]): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ baseURL: base, permissions: ['microphone'] });
  log.push(await guardOffHost(context, new URL(base).host));
  await context.addInitScript(loopbackOnly);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await signIn(page, user);
  return [context, page];
}

const micRequests = (page: Page) => page.evaluate(() => (window as unknown as { __micRequests: number }).__micRequests);

/** Audio bytes this page received over all its peer connections. */
function audioBytesIn(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let bytes = 0;
    for (const pc of (window as unknown as { __voiceConnections: RTCPeerConnection[] }).__voiceConnections) {
      const stats = await pc.getStats();
      stats.forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
      });
    }
    return bytes;
  });
}

test('two learners talk over the voice mesh: the one holding the button is heard by the other', async ({
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const base = baseURL ?? '';
  const offHost: OffHostRequest[][] = [];
  const trainer = await createUser(request, { role: 'trainer', name: 'Zhou Min' });
  const policeLearner = await createUser(request, { role: 'learner', name: 'Chen Jing' });
  const bureauLearner = await createUser(request, { role: 'learner', name: 'Li Qiang' });

  // The trainer starts the session through the API; the learners join it and take their roles.
  const [trainerContext, trainerPage] = await learner(browser, base, trainer, offHost);
  const created = await trainerPage.request.post('/api/v1/exercise-sessions', {
    headers: CSRF_HEADERS,
    data: { exerciseId: 'resident-data-leak', title: 'Voice drill' },
  });
  expect(created.status()).toBe(201);
  const session = ((await created.json()) as { session: { id: string; code: string } }).session;
  const [policeContext, police] = await learner(browser, base, policeLearner, offHost);
  const [bureauContext, bureau] = await learner(browser, base, bureauLearner, offHost);
  try {
    for (const [page, role] of [
      [police, 'police'],
      [bureau, 'bigdata'],
    ] as const) {
      const joined = await page.request.post('/api/v1/exercise-sessions/join', {
        headers: CSRF_HEADERS,
        data: { code: session.code },
      });
      expect(joined.status()).toBe(200);
      const taken = await page.request.post(`/api/v1/exercise-sessions/${session.id}/role`, {
        headers: CSRF_HEADERS,
        data: { role },
      });
      expect(taken.status()).toBe(200);
      await page.goto(`/?page=exercise&session=${session.id}&lang=en`);
    }
    await expect(police.locator('.exercise-connection')).toHaveText(`Connected: you act for the ${POLICE}.`, { timeout: 20_000 });
    await expect(bureau.locator('.exercise-connection')).toHaveText(`Connected: you act for the ${BUREAU}.`, { timeout: 20_000 });

    // Both listen from the start; nobody was asked for a microphone yet.
    const policeOnBureau = bureau.locator('.exercise-voice-peers li', { hasText: 'Chen Jing' });
    const bureauOnPolice = police.locator('.exercise-voice-peers li', { hasText: 'Li Qiang' });
    await expect(policeOnBureau).toHaveAttribute('data-voice', 'muted');
    await expect(bureauOnPolice).toHaveAttribute('data-voice', 'muted');
    await expect(policeOnBureau).toContainText(`Chen Jing (${POLICE}) muted`);
    await expect(police.locator('.exercise-voice-status')).toContainText('You hear the others. Hold this button');
    expect([await micRequests(police), await micRequests(bureau)]).toEqual([0, 0]);

    // The police officer holds the talk button: the bureau sees them speaking and receives audio.
    const talk = police.getByRole('button', { name: 'Hold to talk' });
    await talk.hover();
    await police.mouse.down();
    await expect(talk).toHaveAttribute('aria-pressed', 'true');
    await expect(police.locator('.exercise-voice-status')).toHaveText('You are talking: the others hear you.');
    await expect(policeOnBureau).toHaveAttribute('data-voice', 'speaking');
    await expect.poll(() => audioBytesIn(bureau), { timeout: 20_000 }).toBeGreaterThan(0);
    await police.mouse.up();
    await expect(policeOnBureau).toHaveAttribute('data-voice', 'muted');
    await expect(talk).toHaveAttribute('aria-pressed', 'false');
    expect([await micRequests(police), await micRequests(bureau)]).toEqual([1, 0]);

    // Space talks too, while the focus is on no field or control.
    await bureau.locator('h1').click();
    await bureau.keyboard.down('Space');
    await expect(bureauOnPolice).toHaveAttribute('data-voice', 'speaking');
    await expect.poll(() => audioBytesIn(police), { timeout: 20_000 }).toBeGreaterThan(0);
    await bureau.keyboard.up('Space');
    await expect(bureauOnPolice).toHaveAttribute('data-voice', 'muted');
  } finally {
    await policeContext.close();
    await bureauContext.close();
    await trainerContext.close();
  }
  expect(offHost.flat()).toEqual([]);
});
