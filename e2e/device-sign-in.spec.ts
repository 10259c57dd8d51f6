// Signing a headset in by device code: the headset (the emulated Quest 3 of every e2e build) shows
// a code, its approval address and a QR code; a learner signed in on a desktop opens the address,
// approves, and the headset becomes signed in as that learner.
import type { Browser, Page } from '@playwright/test';
import { qrSvgPath } from '../src/ui/qr-svg-path.ts';
import { adminRequest, createUser, signIn, whoAmI, type TestUser } from './fixtures/accounts.ts';
import { attemptIdOf, playSteps, startAssessment, type AttemptViewBody } from './fixtures/assessment.ts';
import { playStepXr } from './fixtures/drive.ts';
import { GOVERNANCE_PASSING, GOVERNANCE_STEPS } from './fixtures/governance-paths.ts';
import { expect, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

interface ShownCode {
  readonly userCode: string;
  readonly approvalUrl: string;
}

/** Opens the headset sign-in page and reads the code and address it shows. */
async function showCode(headset: Page): Promise<ShownCode> {
  await headset.goto('/?page=headset&lang=en');
  const userCode = (await headset.locator('.user-code').textContent({ timeout: 15_000 })) ?? '';
  const approvalUrl = (await headset.locator('.approval-url').textContent()) ?? '';
  return { userCode, approvalUrl };
}

/** A second browser, as on a learner's desk, signed in as `user`. */
async function desktopSignedInAs(browser: Browser, baseURL: string, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const desktop = await context.newPage();
  await signIn(desktop, user);
  return desktop;
}

/** The learner, on a desktop, approves the code the headset shows; resolves once the headset has noticed. */
async function approveFromDesktop(browser: Browser, baseURL: string, headset: Page, learner: TestUser): Promise<void> {
  const { approvalUrl } = await showCode(headset);
  const desktop = await desktopSignedInAs(browser, baseURL, learner);
  try {
    await desktop.goto(`${approvalUrl}&lang=en`);
    await desktop.getByRole('button', { name: 'Approve' }).click();
    await expect(desktop.locator('.device-page').getByRole('status')).toContainText('The headset is now signed in');
  } finally {
    await desktop.context().close();
  }
  await expect(headset.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible({ timeout: 20_000 });
}

test('a learner approves the code a headset shows and the headset is signed in as them', async ({
  page: headset,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const learner = await createUser(request, { role: 'learner', name: 'Wang Fang' });
  const { userCode, approvalUrl } = await showCode(headset);

  // A code from the unambiguous alphabet, large on the page, and the full approval address.
  expect(userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ2-9]{4}-[BCDFGHJKLMNPQRSTVWXZ2-9]{4}$/);
  expect(approvalUrl).toBe(`${baseURL}/device?code=${userCode}`);
  const codeSize = await headset.locator('.user-code').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(codeSize).toBeGreaterThanOrEqual(48);
  await expect(headset.locator('.countdown')).toHaveText(/^Expires in (10:00|9:[0-5]\d)$/);
  // The QR code is drawn on the page, and it encodes exactly the approval address.
  const qr = headset.getByRole('img', { name: `QR code: ${approvalUrl}` });
  await expect(qr).toBeVisible();
  expect(await qr.locator('path').getAttribute('d')).toBe(qrSvgPath(approvalUrl).path);

  const desktop = await desktopSignedInAs(browser, baseURL ?? '', learner);
  try {
    await desktop.goto(`${approvalUrl}&lang=en`);
    await expect(
      desktop.getByRole('heading', { name: `Sign this headset in as Wang Fang (${learner.username})?` }),
    ).toBeVisible();
    await expect(desktop.locator('.device-confirm')).toContainText(`Check that the headset shows the same code: ${userCode}.`);
    await desktop.getByRole('button', { name: 'Approve' }).click();
    await expect(desktop.locator('.device-page').getByRole('status')).toHaveText(
      'The headset is now signed in as Wang Fang. Put it on and start learning.',
    );

    // The headset notices at its next poll (every 5 s) and goes to the catalog, signed in.
    await expect(headset.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible({ timeout: 20_000 });
    await expect(headset.locator('.user-menu')).toContainText('Wang Fang (learner)');
    await expect(headset.locator('.catalog')).toBeVisible();
    const me = await whoAmI(headset.request);
    expect(me?.user.username).toBe(learner.username);
    expect(me?.agent.account?.name).toBe(learner.username);

    // The code was single use: approving it again says so.
    await desktop.goto(`${approvalUrl}&lang=en`);
    await desktop.getByRole('button', { name: 'Approve' }).click();
    await expect(desktop.locator('.device-page').getByRole('alert')).toHaveText(
      'This code has already been used. Get a new code on the headset.',
    );

    // A code typed by hand, in lower case without the dash, that no headset showed.
    await desktop.goto('/?page=device&lang=en');
    await desktop.getByLabel('Code').fill('bcd-234');
    await desktop.getByRole('button', { name: 'Continue' }).click();
    await expect(desktop.locator('.device-page').getByRole('alert')).toHaveText('A code is 8 letters or digits, like BCDF-2345.');
    await desktop.getByLabel('Code').fill('bcdf2345');
    await desktop.getByRole('button', { name: 'Continue' }).click();
    await expect(desktop.locator('.device-confirm .user-code')).toHaveText('BCDF-2345');
    await desktop.getByRole('button', { name: 'Approve' }).click();
    await expect(desktop.locator('.device-page').getByRole('alert')).toHaveText(
      'This code is unknown or has expired. Get a new code on the headset and try again.',
    );
  } finally {
    await desktop.context().close();
  }
});

test('a desktop that is not signed in signs in first and comes back to approve the code', async ({
  page: headset,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const learner = await createUser(request, { role: 'learner', name: 'Liu Yang' });
  const { userCode, approvalUrl } = await showCode(headset);

  const context = await browser.newContext({ baseURL: baseURL ?? '' });
  try {
    const desktop = await context.newPage();
    // As if the QR code had been scanned with a phone nobody has signed in on.
    await desktop.goto(`${approvalUrl}&lang=en`);
    await expect(desktop).toHaveURL(/page=sign-in/);
    await desktop.locator('input[autocomplete="username"]').fill(learner.username);
    await desktop.locator('input[autocomplete="current-password"]').fill(learner.password);
    await desktop.locator('form.sign-in-form button[type="submit"]').click();
    await expect(desktop.locator('.device-confirm .user-code')).toHaveText(userCode);
    await desktop.getByRole('button', { name: 'Approve' }).click();
    await expect(desktop.locator('.device-page').getByRole('status')).toContainText('signed in as Liu Yang');
  } finally {
    await context.close();
  }
  await expect(headset.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible({ timeout: 20_000 });
  expect((await whoAmI(headset.request))?.user.name).toBe('Liu Yang');
});

test('the headset counts down, and once the code has expired offers a new one', async ({ page: headset }) => {
  // The page's clock only: ten minutes pass in an instant, the server is untouched.
  await headset.clock.install();
  const first = await showCode(headset);
  await expect(headset.locator('.countdown')).toHaveText('Expires in 10:00');
  await headset.clock.fastForward('05:00');
  await expect(headset.locator('.countdown')).toHaveText(/^Expires in (5:00|4:59)$/);
  await headset.clock.fastForward('05:01');
  await expect(headset.getByRole('alert')).toHaveText('This code has expired.');
  await expect(headset.locator('.user-code')).toHaveCount(0);

  await headset.getByRole('button', { name: 'Get a new code' }).click();
  await expect(headset.locator('.user-code')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(await headset.locator('.user-code').textContent()).not.toBe(first.userCode);
  await expect(headset.locator('.countdown')).toHaveText('Expires in 10:00');
});

test('a headset signed in by code takes an assessment in VR, and the official result is on the server', async ({
  app,
  page: headset,
  request,
  browser,
  baseURL,
  playwright,
}) => {
  test.setTimeout(540_000);
  const learner = await createUser(request, { role: 'learner', name: 'Sun Li' });
  await approveFromDesktop(browser, baseURL ?? '', headset, learner);

  // On the headset: start the governance assessment and play its first scene in VR.
  await startAssessment(app, 'governance');
  const attemptId = await attemptIdOf(headset);
  const vr = new Headset(app);
  await vr.enter();
  // An assessment shows no grading until it ends: after each answer the 3D feedback panel says
  // the answer was recorded. If Next was missed, aim and press again.
  const playInVr = async (stepId: (typeof GOVERNANCE_STEPS)[number]) => {
    await app.expectStep(stepId);
    await playStepXr(app, vr, GOVERNANCE_PASSING[stepId]);
    if ((await app.currentStepId()) !== stepId) return;
    await expect(headset.locator('.task-panel .step-feedback').first()).toHaveAttribute('data-grading', 'pending');
    await vr.select('feedback:next');
  };
  const [firstStep, secondStep, ...rest] = GOVERNANCE_STEPS;
  await playInVr(firstStep);
  await playInVr(secondStep);
  await app.expectStep(rest[0]!);
  const xrRecords = (await app.state()).records.filter((r) => r.sceneId === 'stale-record');
  expect(xrRecords.map((r) => r.stepId)).toEqual([firstStep, secondStep]);
  expect(await vr.presenting()).toBe(true);

  // The rest through the task panel, as a learner who left VR might (the emulator covers the page while presenting).
  await app.hook((h) => h.gl!.xr.getSession()?.end());
  await app.until((h) => !h.gl?.xr.isPresenting);
  await playSteps(app, rest, GOVERNANCE_PASSING);
  const results = headset.locator('main.results');
  await expect(results).toHaveAttribute('data-mode', 'assessment');
  await expect(results).toHaveAttribute('data-official', 'true', { timeout: 30_000 });
  await expect(results).toHaveAttribute('data-passed', 'true');

  // On the admin's side: the official result of that learner, graded by the server.
  const admin = await adminRequest(playwright);
  try {
    const answer = await admin.get(`/api/v1/results?user=${encodeURIComponent(learner.username)}`);
    expect(answer.status(), await answer.text()).toBe(200);
    const { results: official } = (await answer.json()) as {
      results: (AttemptViewBody & { username: string; courseId: string })[];
    };
    const attempt = official.find((r) => r.attemptId === attemptId);
    expect(attempt).toMatchObject({ username: learner.username, courseId: 'governance', status: 'finished' });
    expect(attempt?.official?.passed).toBe(true);
    expect(attempt?.official?.score).toBe(attempt?.official?.max);
    expect(attempt?.steps.map((step) => step.stepId)).toEqual([...GOVERNANCE_STEPS]);
    expect(await results.getAttribute('data-score')).toBe(String(attempt?.official?.score));
  } finally {
    await admin.dispose();
  }
});
