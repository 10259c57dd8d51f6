// /verify checks a certificate in the browser: after one visit it works with the network off,
// using the issuer key and status list saved on that visit and saying as of when the status is,
// names a changed field, says plainly when the status could not be checked, and reaches no other host.
// Its camera scanner reads a certificate's QR code from Chromium's fake camera (a video file made here).
import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { qrSvgPath } from '../src/ui/qr-svg-path.ts';
import { acknowledgePrivacyNotice, createUser, signedInRequest } from './fixtures/accounts.ts';
import { gradeAssessment } from './fixtures/assessment.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { guardCsp, guardOffHost } from './fixtures/base.ts';
import type { CspViolation } from './fixtures/base.ts';
import { chromiumLaunchOptions } from './fixtures/browser.ts';
import { expect, test } from './fixtures/index.ts';

/** Waits until a service worker controls the page and its precache is complete. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('after one visit, /verify checks a downloaded certificate with the network off', async ({
  page,
  context,
  playwright,
  request,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const appHost = new URL(baseURL ?? '').host;
  const learner = await createUser(request, { role: 'learner', name: '离线核验学员' });
  await acknowledgePrivacyNotice(learner);
  await gradeAssessment(playwright, baseURL!, learner, 'data-security', 1);
  const learnerApi = await signedInRequest(playwright, learner);
  const mine = (await (await learnerApi.get('/api/v1/credentials/mine')).json()) as {
    credentials: { credential: { id: string; credentialSubject: { result: { value: string }[] } } }[];
  };
  await learnerApi.dispose();
  const credential = mine.credentials[0]!.credential;
  const file = testInfo.outputPath('credential.json');
  await writeFile(file, JSON.stringify(credential));

  // One visit online: the app, the verifier and this site's issuer key are kept; a check saves the status list.
  await page.goto(`/verify?id=${encodeURIComponent(credential.id)}&lang=en`);
  await waitForServiceWorker(page);
  const status = page.getByTestId('verify-status');
  const source = page.locator('.verify-status-source');
  await page.getByLabel('Upload a certificate file').setInputFiles(file);
  await expect(status).toContainText('Valid');
  await expect(source).toHaveCount(0);

  // The network off: the page comes from the service worker, and anything that reaches for the server is aborted and listed.
  const reachedNetwork: string[] = [];
  const toApp = (url: URL) => url.host === appHost;
  await context.setOffline(true);
  await context.route(toApp, (route) => {
    reachedNetwork.push(new URL(route.request().url()).pathname);
    return route.abort('internetdisconnected');
  });
  await page.reload();
  await page.getByLabel('Upload a certificate file').setInputFiles(file);
  await expect(status).toContainText('Valid');
  await expect(page.locator('.verify-report')).toContainText('离线核验学员');
  await expect(source).toHaveAttribute('data-source', 'saved');
  await expect(source).toContainText('Revocation status as of');
  await expectAccessible(page, 'verify offline');

  // Changed by hand, offline: tampered, naming the score.
  const tampered = structuredClone(credential);
  tampered.credentialSubject.result[0]!.value = '12';
  await page.getByLabel('Certificate (JSON or token)').fill(JSON.stringify(tampered));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(status).toContainText('Tampered');
  await expect(page.locator('li[data-field="score"]')).toHaveText('The score was changed');

  // Without a saved status list, the page says the status could not be checked.
  await page.evaluate(async () => {
    const cache = await caches.open('shixun-verify');
    for (const key of await cache.keys()) if (key.url.includes('/credentials/status/')) await cache.delete(key);
  });
  await page.getByLabel('Certificate (JSON or token)').fill(JSON.stringify(credential));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(status).toContainText('Valid');
  await expect(source).toHaveAttribute('data-source', 'none');
  await expect(source).toContainText('could not be checked');

  // Offline, the page and the verifier came from the service worker: only the API (the session check, the
  // status list) and the issuer key were asked of the server, and the check fell back to the saved copies.
  expect(reachedNetwork).toContain('/.well-known/did.json');
  expect(reachedNetwork.some((pathname) => /^\/api\/v1\/credentials\/status\/\d+$/.test(pathname))).toBe(true);
  for (const pathname of reachedNetwork) expect(pathname).toMatch(/^\/api\/|^\/\.well-known\/did\.json$/);
});

test('the QR scanner says clearly when there is no camera or it is refused, and the page stays usable', async ({ page }) => {
  await page.goto('/verify?lang=en');
  const scan = page.getByRole('button', { name: 'Scan the certificate QR code with the camera' });
  const problem = page.locator('.verify-camera-problem');
  // This machine has no camera (the browser's own answer).
  await scan.click();
  await expect(problem).toHaveAttribute('data-problem', 'none');
  await expect(problem).toContainText('No camera was found');
  await expect(page.getByLabel('Upload a certificate file')).toBeEnabled();
  await expectAccessible(page, 'verify, no camera');
  // A person who refuses the camera: the browser rejects with NotAllowedError, as Chromium does after "Block".
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.reload();
  await scan.click();
  await expect(problem).toHaveAttribute('data-problem', 'denied');
  await expect(problem).toContainText('Permission to use the camera was not given');
});

/** A Y4M video (4:2:0) of `frames` identical frames showing `text`'s QR code, 6 pixels a module, centred. */
function qrVideo(text: string, width = 640, height = 480, frames = 5): Buffer {
  const { size, path } = qrSvgPath(text);
  const scale = 6;
  const luma = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  for (const [, col, row] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let y = 0; y < scale; y++) {
      const offset = (top + Number(row) * scale + y) * width + left + Number(col) * scale;
      luma.fill(16, offset, offset + scale);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`),
    ...Array.from({ length: frames }, () => frame),
  ]);
}

test('the camera scanner reads a certificate QR code and expects that credential', async ({ baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const credentialId = 'urn:uuid:5f0c6a3e-8d1b-4c2a-9e7f-1a2b3c4d5e6f';
  const video = testInfo.outputPath('certificate-qr.y4m');
  await writeFile(video, qrVideo(`${baseURL}/verify?id=${encodeURIComponent(credentialId)}`));
  // A browser of its own, with Chromium's fake camera playing that file; the same guards as every test.
  const launch = chromiumLaunchOptions();
  const browser = await chromium.launch({
    ...launch,
    args: [
      ...(launch.args ?? []),
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await browser.newContext({ baseURL: baseURL ?? '' });
    await context.grantPermissions(['camera']);
    const offHost = await guardOffHost(context, new URL(baseURL!).host);
    const csp: CspViolation[] = await guardCsp(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/verify?lang=en');
    await page.getByRole('button', { name: 'Scan the certificate QR code with the camera' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'QR code scanned' })).toContainText(
      `QR code scanned: credential ${credentialId}. Upload or paste that certificate file to verify it.`,
      { timeout: 30_000 },
    );
    await expect(page.getByText(`Credential to verify: ${credentialId}`)).toBeVisible();
    // The camera is stopped once the code is read.
    await expect(page.locator('video.verify-camera')).toHaveCount(0);
    await expectAccessible(page, 'verify, QR code scanned');
    expect(offHost).toEqual([]);
    expect(csp).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
