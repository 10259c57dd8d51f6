// A trainer runs a class: opens it and shows the join code; a learner on the emulated headset
// (signed in by device code) and one on a desktop join with the code and play; the trainer's page
// follows each learner's step and score live (server-sent events, no reload), sees a request for
// help and marks it handled, sees a learner who closed the page as disconnected, and ends the
// class, which both learners' apps then show.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { qrSvgPath } from '../src/ui/qr-svg-path.ts';
import { createUser, CSRF_HEADERS, signedInRequest, signIn, type TestUser } from './fixtures/accounts.ts';
import { ShixunApp } from './fixtures/app.ts';
import { guardOffHost, type OffHostRequest } from './fixtures/base.ts';
import { FAILING, PASSING } from './fixtures/data-security-paths.ts';
import { playStepDom } from './fixtures/drive.ts';
import { expect, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

/** A second browser (another learner's device), under the same off-host guard as the test's own. */
async function guardedContext(browser: Browser, baseURL: string, log: OffHostRequest[][]): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  log.push(await guardOffHost(context, new URL(baseURL).host));
  return context;
}

/** The headset shows a device code; the learner approves it from a desk, and the headset is theirs. */
async function signInHeadsetByCode(
  browser: Browser,
  baseURL: string,
  headset: Page,
  learner: TestUser,
  log: OffHostRequest[][],
): Promise<void> {
  await headset.goto('/?page=headset&lang=en');
  const approvalUrl = (await headset.locator('.approval-url').textContent({ timeout: 15_000 })) ?? '';
  const desk = await guardedContext(browser, baseURL, log);
  try {
    const approver = await desk.newPage();
    await signIn(approver, learner);
    await approver.goto(`${approvalUrl}&lang=en`);
    await approver.getByRole('button', { name: 'Approve' }).click();
    await expect(approver.locator('.device-page').getByRole('status')).toContainText('The headset is now signed in');
  } finally {
    await desk.close();
  }
  await expect(headset.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible({ timeout: 20_000 });
}

/** A full-page screenshot as e2e/artifacts/<name>.png, attached to the report. */
async function saveFullPage(page: Page, name: string): Promise<void> {
  const file = `e2e/artifacts/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

/** The score so far the learner's own page holds (practice: graded in the browser). */
async function scoreSoFar(app: ShixunApp): Promise<string> {
  const state = await app.state();
  return String(Math.round(state.records.reduce((total, record) => total + record.result.score, 0) * 100) / 100);
}

test('a trainer watches two learners progress live, handles a request for help and ends the class', async ({
  page: trainerPage,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(360_000);
  const base = baseURL ?? '';
  const offHost: OffHostRequest[][] = [];
  const trainer = await createUser(request, { role: 'trainer', name: 'Zhou Min' });
  const onHeadset = await createUser(request, { role: 'learner', name: 'Chen Jing' });
  const atDesk = await createUser(request, { role: 'learner', name: 'Li Qiang' });

  // The trainer opens a class from the header's Classes link.
  await signIn(trainerPage, trainer);
  await trainerPage.goto('/?lang=en');
  await trainerPage.locator('.user-menu').getByRole('link', { name: 'Classes' }).click();
  await expect(trainerPage).toHaveTitle('My classes · Shixun');
  await trainerPage.getByLabel('Class name').fill('Data security, morning group');
  await trainerPage.getByLabel('Course (optional)').selectOption('data-security');
  await trainerPage.getByRole('button', { name: 'Open and show the join code' }).click();
  await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText('Data security, morning group');
  await expect(trainerPage).toHaveTitle('Data security, morning group · Shixun');
  const code = (await trainerPage.locator('.class-code').getAttribute('data-code')) ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await expect(trainerPage.locator('.class-code')).toHaveText(`${code.slice(0, 3)} ${code.slice(3)}`);
  expect(
    await trainerPage.locator('.class-code').evaluate((element) => parseFloat(getComputedStyle(element).fontSize)),
  ).toBeGreaterThanOrEqual(48);
  // The QR code is drawn on the page and opens the catalog with the code filled in.
  const joinUrl = `${base}/?code=${code}`;
  const qr = trainerPage.getByRole('img', { name: `QR code to join the class: ${joinUrl}` });
  expect(await qr.locator('path').getAttribute('d')).toBe(qrSvgPath(joinUrl).path);
  await expect(trainerPage.locator('.class-table caption')).toHaveText('Learners (0 connected of 0)');
  // Everything from here must arrive without reloading the trainer's page.
  await trainerPage.evaluate(() => ((window as unknown as { sameTrainerPage: boolean }).sameTrainerPage = true));
  const rowOf = (learner: TestUser) => trainerPage.locator(`.class-table tbody tr[data-username="${learner.username}"]`);

  // The headset signs in by device code, and the learner types the class code with its keyboard.
  const headsetContext = await guardedContext(browser, base, offHost);
  const headset = await headsetContext.newPage();
  await signInHeadsetByCode(browser, base, headset, onHeadset, offHost);
  await expect(headset.locator('.class-box')).toHaveAttribute('data-class-state', 'none');
  await headset.getByLabel('Join code').click();
  await headset.keyboard.type('12345');
  await headset.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(headset.locator('.class-box').getByRole('alert')).toHaveText('A join code is 6 digits, like 482 913.');
  await headset.getByLabel('Join code').fill('');
  await headset.keyboard.type(code);
  await headset.keyboard.press('Enter');
  await expect(headset.locator('.class-box')).toHaveAttribute('data-class-state', 'joined');
  await saveFullPage(headset, 'trainer-join-headset');
  await expect(headset.locator('.class-box').getByRole('status')).toHaveText(
    'You are in the class "Data security, morning group" (trainer: Zhou Min). Your trainer sees your progress live.',
  );
  await expect(rowOf(onHeadset)).toHaveAttribute('data-connection', 'connected');

  // The desktop learner scans the QR code (its address fills the code in) and joins.
  const deskContext = await guardedContext(browser, base, offHost);
  let desk = await deskContext.newPage();
  await signIn(desk, atDesk);
  await desk.goto(`${joinUrl}&lang=en`);
  await expect(desk.getByLabel('Join code')).toHaveValue(code);
  await desk.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(desk.locator('.class-box')).toHaveAttribute('data-class-state', 'joined');
  await expect(rowOf(atDesk)).toHaveAttribute('data-connection', 'connected');
  await expect(trainerPage.locator('.class-table caption')).toHaveText('Learners (2 connected of 2)');
  await expect(rowOf(atDesk).locator('.member-where')).toHaveText('No course started yet');

  // The headset learner starts the course: the trainer sees the step, then the step and score move on.
  const headsetApp = new ShixunApp(headset);
  await headsetApp.openCourse('data-security', 'en');
  await expect(rowOf(onHeadset)).toHaveAttribute('data-step', 'patrol');
  await expect(rowOf(onHeadset)).toHaveAttribute('data-score', '0');
  await expect(rowOf(onHeadset).locator('.member-steps')).toHaveText('0 / 8');
  await playStepDom(headsetApp, PASSING.patrol);
  await headsetApp.expectStep('phishing-followup');
  const headsetScore = await scoreSoFar(headsetApp);
  expect(Number(headsetScore)).toBeGreaterThan(0);
  await expect(rowOf(onHeadset)).toHaveAttribute('data-step', 'phishing-followup');
  await expect(rowOf(onHeadset)).toHaveAttribute('data-score', headsetScore);
  await expect(rowOf(onHeadset).locator('.member-steps')).toHaveText('1 / 8');
  await expect(rowOf(onHeadset).locator('.member-where')).toContainText('practice');

  // The desktop learner plays too, and asks for help from the play page.
  const deskApp = new ShixunApp(desk);
  await deskApp.openCourse('data-security', 'en');
  await expect(rowOf(atDesk)).toHaveAttribute('data-step', 'patrol');
  await desk.getByRole('button', { name: 'Ask for help' }).click();
  await expect(desk.locator('.class-help').getByRole('status')).toHaveText('Your trainer has been told. Please wait.');
  await expect(rowOf(atDesk)).toHaveAttribute('data-help', 'requested');
  await saveFullPage(desk, 'trainer-help-requested');
  await expect(rowOf(atDesk).locator('.help-flag')).toContainText('Asked for help at');
  await playStepDom(deskApp, FAILING.patrol);
  await deskApp.expectStep('phishing-followup');
  const deskScore = await scoreSoFar(deskApp);
  expect(deskScore).not.toBe(headsetScore);
  await expect(rowOf(atDesk)).toHaveAttribute('data-step', 'phishing-followup');
  await expect(rowOf(atDesk)).toHaveAttribute('data-score', deskScore);

  await saveFullPage(trainerPage, 'trainer-class-en');
  await trainerPage.getByRole('button', { name: 'Mark handled: Li Qiang' }).click();
  await expect(rowOf(atDesk)).toHaveAttribute('data-help', 'none');

  // The same page in Chinese (the header's language button: no reload).
  await trainerPage.locator('.app-header button.lang').click();
  await expect(trainerPage.locator('.class-table caption')).toHaveText('学员进度（2 人在线，共 2 人）');
  await saveFullPage(trainerPage, 'trainer-class-zh-cn');
  await trainerPage.locator('.app-header button.lang').click();

  // The desktop learner closes the page: the trainer sees them disconnected (at once, or after 30 s at most).
  await desk.close({ runBeforeUnload: true });
  await expect(rowOf(atDesk)).toHaveAttribute('data-connection', 'disconnected', { timeout: 40_000 });
  await expect(rowOf(onHeadset)).toHaveAttribute('data-connection', 'connected');

  // The trainer ends the class.
  await trainerPage.getByRole('button', { name: 'End the class' }).click();
  await trainerPage.getByRole('button', { name: 'End it now' }).click();
  await expect(trainerPage.locator('main')).toHaveAttribute('data-class-status', 'ended');
  await expect(trainerPage.locator('.class-ended-note')).toContainText('This class ended at');
  await expect(trainerPage.locator('.class-code')).toHaveCount(0);
  await expect(rowOf(onHeadset)).toHaveAttribute('data-connection', 'disconnected');

  // The headset learner's app learns it at its next heartbeat, shows it, and stops reporting.
  await expect(headset.locator('.class-help[data-class-state="ended"]')).toHaveText(
    'The class "Data security, morning group" has ended. Everything you did is saved.',
    { timeout: 20_000 },
  );
  const reports: string[] = [];
  headset.on('request', (sent) => {
    if (sent.url().includes('/api/v1/classes/')) reports.push(sent.url());
  });
  await playStepDom(headsetApp, PASSING['phishing-followup']);
  await headsetApp.expectStep('sort-cards');
  await headsetApp.frames(10);
  expect(reports).toEqual([]);

  // The desktop learner comes back to the catalog and is told too; dismissing clears it.
  desk = await deskContext.newPage();
  await desk.goto('/?lang=en');
  await expect(desk.locator('.class-box .class-ended')).toContainText('The class "Data security, morning group" has ended.');
  await desk.locator('.class-box').getByRole('button', { name: 'OK' }).click();
  await expect(desk.locator('.class-box')).toHaveAttribute('data-class-state', 'none');

  // The code joins nothing any more.
  await desk.getByLabel('Join code').fill(code);
  await desk.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(desk.locator('.class-box').getByRole('alert')).toHaveText(
    'No open class has this code. Check the code your trainer shows, or ask whether the class has ended.',
  );

  // The trainer's list shows the class as ended, and the page was never reloaded.
  expect(await trainerPage.evaluate(() => (window as unknown as { sameTrainerPage?: boolean }).sameTrainerPage)).toBe(true);
  await trainerPage.getByRole('link', { name: 'Back to my classes' }).click();
  await expect(trainerPage.locator('.class-list tbody tr').first()).toHaveAttribute('data-status', 'ended');
  await expect(trainerPage.locator('.class-list tbody tr').first().locator('th')).toHaveText('Data security, morning group');
  await saveFullPage(trainerPage, 'trainer-class-list');

  await headsetContext.close();
  await deskContext.close();
  expect(offHost.flat()).toEqual([]);
});

test('in a headset, a learner in a class asks for help with the button under the task panel, and the trainer sees it', async ({
  app,
  page,
  playwright,
  saveArtifact,
}) => {
  test.setTimeout(360_000);
  const trainer = await createUser(playwright, { role: 'trainer', name: 'Zhou Min' });
  const learner = await createUser(playwright, { role: 'learner', name: 'Wang Fang' });
  const trainerApi = await signedInRequest(playwright, trainer);
  const opened = await trainerApi.post('/api/v1/classes', {
    headers: CSRF_HEADERS,
    data: { title: 'Headset group', courseId: 'data-security' },
  });
  expect(opened.status()).toBe(201);
  const { class: info } = (await opened.json()) as { class: { id: string; code: string } };
  const helpOf = async () => {
    const snapshot = (await (await trainerApi.get(`/api/v1/classes/${info.id}`)).json()) as {
      members: { username: string; helpRequestedAt: string | null }[];
    };
    const member = snapshot.members.find((m) => m.username === learner.username);
    if (member === undefined) throw new Error(`${learner.username} is not in the class`);
    return member.helpRequestedAt;
  };

  await signIn(page, learner);
  expect((await page.request.post('/api/v1/classes/join', { headers: CSRF_HEADERS, data: { code: info.code } })).status()).toBe(
    200,
  );
  await app.openCourse('data-security', 'en');
  // On the page, the DOM button; in VR, the 3D one (and only there).
  await expect(page.getByRole('button', { name: 'Ask for help' })).toBeVisible();
  const label = () => app.hook((h) => h.focus?.getState().items.get('class-help:ask')?.label ?? null);
  expect(await label()).toBeNull();
  const headset = new Headset(app);
  await headset.enter();
  await app.poll(label).toBe('Ask for help');
  expect(await helpOf()).toBeNull();

  await headset.select('class-help:ask');
  await app.poll(label).toBe('Trainer told');
  await saveArtifact('class-help-vr');
  const asked = await helpOf();
  expect(typeof asked === 'string' && !Number.isNaN(Date.parse(asked))).toBe(true);
  // Asking again changes nothing until the trainer has handled it.
  await headset.select('class-help:ask');
  await page.waitForTimeout(300);
  expect(await helpOf()).toBe(asked);

  // Handled by the trainer: the learner's button offers itself again at the next heartbeat.
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { id: string } };
  expect(
    (await trainerApi.post(`/api/v1/classes/${info.id}/members/${me.user.id}/help-handled`, { headers: CSRF_HEADERS })).status(),
  ).toBe(200);
  expect(await helpOf()).toBeNull();
  await expect.poll(label, { timeout: 30_000 }).toBe('Ask for help');
  await trainerApi.dispose();
});

test('learners and other trainers cannot see a class; signed out, the console asks to sign in', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const owner = await createUser(request, { role: 'trainer' });
  const other = await createUser(request, { role: 'trainer' });
  const learner = await createUser(request, { role: 'learner' });
  const ownerApi = await playwright.request.newContext({ baseURL: baseURL ?? '' });
  try {
    await ownerApi.post('/api/v1/auth/login', {
      data: { username: owner.username, password: owner.password },
      headers: { 'x-shixun-csrf': '1' },
    });
    const opened = await ownerApi.post('/api/v1/classes', {
      data: { title: 'Afternoon group' },
      headers: { 'x-shixun-csrf': '1' },
    });
    expect(opened.status()).toBe(201);
    const classId = ((await opened.json()) as { class: { id: string } }).class.id;

    await page.goto(`/?page=trainer&class=${classId}&lang=en`);
    await expect(page.getByRole('main')).toContainText('Sign in with a trainer or admin account first.');
    expect((await page.request.get(`/api/v1/classes/${classId}/events`)).status()).toBe(401);

    await signIn(page, other);
    await expect(page.getByRole('alert')).toHaveText(
      'Another trainer opened this class: only its trainer and admins can see it.',
    );
    expect((await page.request.get(`/api/v1/classes/${classId}/events`)).status()).toBe(403);

    await signIn(page, learner);
    await expect(page.locator('.not-allowed')).toHaveText(
      'Only trainers and admins open classes. You are signed in as a learner.',
    );
    await expect(page.locator('.user-menu').getByRole('link', { name: 'Classes' })).toHaveCount(0);
  } finally {
    await ownerApi.dispose();
  }
});
