// WCAG 2.2 AA on the desktop DOM pages, checked by axe-core in real Chromium: every page and state
// a person meets (catalog, sign-in, headset code, device approval, admin users, play panel,
// results) has no serious or critical violation. The 3D canvas is exempt; the page around it is not.
import { E2E_ADMIN } from '../playwright.config.ts';
import { playAttempt } from '../server/demo/attempt-log.ts';
import { Random } from '../server/demo/random.ts';
import {
  accountMenu,
  adminRequest,
  createUser,
  CSRF_HEADERS,
  signIn,
  signInThroughForm,
  uniqueUsername,
} from './fixtures/accounts.ts';
import { attemptTicket, fullCourse, startAssessment } from './fixtures/assessment.ts';
import { FAILING, STEP_ORDER } from './fixtures/data-security-paths.ts';
import { playStepDom } from './fixtures/drive.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { expect, test } from './fixtures/index.ts';

test('the catalog, signed out and signed in as a learner, in both languages', async ({ page, request }) => {
  await page.goto('/?lang=en');
  await expect(page.locator('.course-card').first()).toBeVisible();
  await expect(page.locator('.user-menu[data-signed-in="false"]')).toBeVisible();
  // The tab title names the page (WCAG 2.4.2), in the page's language.
  await expect(page).toHaveTitle('Courses · Shixun');
  await expectAccessible(page, 'catalog, signed out (en)');

  await page.goto('/?lang=zh-CN');
  await expect(page.locator('.course-card').first()).toBeVisible();
  await expect(page).toHaveTitle('课程 · 实训');
  await expectAccessible(page, 'catalog, signed out (zh-CN)');

  const learner = await createUser(request, { role: 'learner' });
  await signIn(page, learner);
  await expect(page.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible();
  await expect(page.locator('button[data-mode="assessment"]').first()).toBeVisible();
  await expectAccessible(page, 'catalog, signed in as a learner (zh-CN)');
  await page.goto('/?lang=en');
  await expect(page.locator('button[data-mode="assessment"]').first()).toBeVisible();
  await expectAccessible(page, 'catalog, signed in as a learner (en)');
  await accountMenu(page);
  await expectAccessible(page, 'catalog with the account menu open (en)');
});

test('the sign-in page, empty and with an error shown', async ({ page }) => {
  await page.goto('/?page=sign-in&lang=en');
  const form = page.locator('form.sign-in-form');
  await expect(form).toBeVisible();
  await expect(page).toHaveTitle('Sign in · Shixun');
  await expectAccessible(page, 'sign-in page');

  await form.getByLabel('Username or employee ID').fill(uniqueUsername('e2e-nobody'));
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText('The username or password is wrong. Check them and try again.');
  await expectAccessible(page, 'sign-in page with an error');
});

test('the headset sign-in page showing a code', async ({ page }) => {
  await page.goto('/?page=headset&lang=en');
  await expect(page.locator('.user-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/, { timeout: 15_000 });
  await expect(page.locator('.qr-code')).toBeVisible();
  await expect(page).toHaveTitle('Sign in this headset with a code · Shixun');
  await expectAccessible(page, 'headset sign-in page with a code');
});

test('the device approval page: entering a code, a bad code, the confirm step and approved', async ({
  page,
  request,
  playwright,
}) => {
  const learner = await createUser(request, { role: 'learner', name: 'Wang Fang' });
  await signIn(page, learner);
  await page.goto('/?page=device&lang=en');
  const devicePage = page.locator('.device-page');
  await expect(devicePage).toHaveAttribute('data-phase', 'enter');
  await expect(page).toHaveTitle('Sign in a headset · Shixun');
  await expectAccessible(page, 'device page, entering a code');

  await page.locator('.device-form input[name="code"]').fill('no');
  await page.locator('.device-form button[type="submit"]').click();
  await expect(page.locator('.device-form [role="alert"]')).not.toBeEmpty();
  await expectAccessible(page, 'device page, a badly formed code');

  // A code the headset really shows, so the approval goes through.
  const headset = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const response = await headset.post('/api/v1/device/code', { headers: CSRF_HEADERS });
    expect(response.ok()).toBe(true);
    const { userCode } = (await response.json()) as { userCode: string };
    await page.goto(`/?page=device&code=${userCode}&lang=en`);
    await expect(devicePage).toHaveAttribute('data-phase', 'confirm');
    await expect(page.locator('.device-confirm h2')).toContainText('Wang Fang');
    await expectAccessible(page, 'device page, confirm step with a prefilled code');

    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(devicePage.getByRole('status')).toContainText('The headset is now signed in');
    await expectAccessible(page, 'device page, approved');
  } finally {
    await headset.dispose();
  }
});

test('the admin users page, with the table and after a CSV import with row errors', async ({ page, request }) => {
  await adminRequest(request);
  await signInThroughForm(page, E2E_ADMIN);
  await page.goto('/?page=admin-users&lang=en');
  await expect(
    page
      .getByRole('table', { name: /^All users/ })
      .locator('tbody tr')
      .first(),
  ).toBeVisible();
  await expect(page).toHaveTitle('Users · Shixun');
  // The directory sync's section: this server has no directory configured, and says so.
  await expect(page.getByRole('region', { name: 'Directory sync' })).toContainText('No LDAP directory is configured');
  await expectAccessible(page, 'admin users page with the table');

  const prefix = uniqueUsername('A').replaceAll('-', '');
  const csv = [
    'employee_id,name,department,rank,role',
    `${prefix}1,Chen Jie,Records Office,科员,`,
    `,No Id,Records Office,科员,`,
    `${prefix}2,Bad Role,Records Office,科员,boss`,
  ].join('\n');
  await page.getByLabel('Or paste the CSV').fill(csv);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.locator('.import-summary')).toHaveText('Created: 1 · Updated: 0 · Rows not imported: 2');
  await expect(page.getByRole('table', { name: 'Rows not imported' }).locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Initial passwords (shown only this once)' })).toBeVisible();
  await expectAccessible(page, 'admin users page after a CSV import with row errors');
});

test('the play page around the canvas: task panel for every step, an open hotspot and feedback', async ({ app, page }) => {
  test.setTimeout(240_000);
  await app.openCourse('data-security', 'en');
  await app.expectStep('patrol');
  // The course names the page: a heading for screen readers (the canvas shows it) and the tab title.
  const courseTitle = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  expect(courseTitle).toMatch(/\S/);
  await expect(page).toHaveTitle(`${courseTitle} · Shixun`);
  await expectAccessible(page, 'play page, first step presented');

  // An open hotspot with its fixes, then the graded step with feedback in the panel.
  const panel = page.locator('.task-panel');
  await panel.locator('[data-hotspot="unlocked-pc"]').click();
  await panel.locator('[data-fix="leave-on"]').click();
  await expect(panel.locator('.hotspot-options')).toBeVisible();
  await expectAccessible(page, 'play page, a hotspot open with its fixes');
  await panel.locator('[data-action="submit"]').click();
  await expect(panel.locator('[data-action="next"]')).toBeVisible();
  await expect(panel.locator('[data-verdict]').first()).toBeVisible();
  await expectAccessible(page, 'play page, feedback after submitting');
  await panel.locator('[data-action="next"]').click();

  // Every other step type's controls (choice, classify, sequence, dialogue…).
  for (const stepId of STEP_ORDER.slice(1)) {
    await app.expectStep(stepId);
    await expectAccessible(page, `play page, step ${stepId}`);
    await playStepDom(app, FAILING[stepId]);
  }
  await expect(page.locator('main.results')).toBeVisible();
});

test('the lab and timed steps of the task panel', async ({ app, page }) => {
  await app.openCourse('algorithm-ethics', 'en');
  await app.expectStep('proxy-lab');
  await expectAccessible(page, 'play page, lab step');

  await app.openCourse('governance', 'en');
  await app.skipSteps(2);
  await app.expectStep('contain-leak');
  await expectAccessible(page, 'play page, timed step');
});

test("the results page of a practice attempt, with every step's feedback open", async ({ app, page }) => {
  await app.openCourse('data-security', 'en');
  await app.skipSteps(STEP_ORDER.length);
  const results = page.locator('main.results');
  await expect(results).toHaveAttribute('data-passed', /true|false/);
  await expect(page.getByTestId('verdict')).toBeVisible();
  // Pass or fail is said in words with a mark, never by colour alone.
  await expect(page.getByTestId('verdict')).toHaveText(/^(✓ Passed|× Below the pass mark)$/);
  await expect(page).toHaveTitle(/^Results · .+ · Shixun$/);
  await expectAccessible(page, 'practice results page');

  for (const details of await results.locator('details').all()) await details.locator('summary').click();
  await expect(results.locator('details[open]')).toHaveCount(STEP_ORDER.length);
  // Every feedback line starts with its verdict in words (the border colour only repeats it).
  for (const line of await results.locator('.feedback').all())
    await expect(line.locator('strong').first()).toHaveText(/^(Right|Partly right|Not appropriate|Missed|Outcome)$/);
  await expectAccessible(page, 'practice results page, feedback open');
});

test('the assessment results page while it waits to sync', async ({ app, page, request }) => {
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?lang=en');
  await signIn(page, learner);
  // The server cannot be reached for attempts: the answers stay in the outbox.
  await page.route('**/api/v1/attempts/**', (route) => route.abort('connectionfailed'));
  await startAssessment(app, 'data-security');
  await expectAccessible(page, 'play page, assessment step');
  await app.skipSteps(STEP_ORDER.length);
  await expect(page.getByTestId('sync-wait')).toBeVisible();
  await expect(page.locator('main.results')).toHaveAttribute('data-official', 'false');
  await expect(page).toHaveTitle(/^Assessment result · .+ · Shixun$/);
  await expectAccessible(page, 'assessment results waiting to sync');
});

test("the trainer console (list, live class with a request for help, ended) and the learner's join box and help button", async ({
  app,
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const trainer = await createUser(request, { role: 'trainer' });
  const learner = await createUser(request, { role: 'learner', name: 'Zhao Min' });
  const trainerContext = await browser.newContext({ baseURL: baseURL ?? '' });
  try {
    const trainerPage = await trainerContext.newPage();
    await signIn(trainerPage, trainer);
    await trainerPage.goto('/?page=trainer&lang=en');
    await expect(trainerPage.getByLabel('Class name')).toBeVisible();
    await expect(trainerPage).toHaveTitle('My classes · Shixun');
    await expectAccessible(trainerPage, 'trainer class list (en)');
    await trainerPage.getByLabel('Class name').fill('Accessibility group');
    await trainerPage.getByRole('button', { name: 'Open and show the join code' }).click();
    const code = (await trainerPage.locator('.class-code').getAttribute('data-code')) ?? '';
    const classId = new URL(trainerPage.url()).searchParams.get('class') ?? '';
    await expect(trainerPage.locator('.live-indicator')).toHaveAttribute('data-connection', 'open');
    await expectAccessible(trainerPage, 'trainer class page, nobody joined (en)');

    await page.goto('/?lang=en');
    await signIn(page, learner);
    await page.getByLabel('Join code').fill('000');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.locator('.class-box').getByRole('alert')).not.toBeEmpty();
    await expectAccessible(page, 'catalog join box with an error (en)');
    await page.getByLabel('Join code').fill(code);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.locator('.class-box')).toHaveAttribute('data-class-state', 'joined');
    await expectAccessible(page, 'catalog join box, in a class (en)');

    await app.openCourse('data-security', 'en');
    await page.getByRole('button', { name: 'Ask for help' }).click();
    await expect(page.locator('.class-help')).toHaveAttribute('data-help', 'requested');
    await expectAccessible(page, 'play page with the class help button, help requested (en)');
    await expect(trainerPage.locator('.class-table tbody tr[data-help="requested"]')).toBeVisible();
    await expectAccessible(trainerPage, 'trainer class page with a request for help (en)');
    await trainerPage.goto(`/?page=trainer&class=${classId}&lang=zh-CN`);
    await expect(trainerPage.locator('.class-table tbody tr[data-help="requested"]')).toBeVisible();
    await expectAccessible(trainerPage, 'trainer class page with a request for help (zh-CN)');

    const ended = await trainerPage.request.post(`/api/v1/classes/${classId}/end`, { headers: CSRF_HEADERS });
    expect(ended.status()).toBe(200);
    await trainerPage.reload();
    await expect(trainerPage.locator('main')).toHaveAttribute('data-class-status', 'ended');
    await expectAccessible(trainerPage, 'trainer class page, ended (zh-CN)');
    await page.goto('/?lang=zh-CN');
    await expect(page.locator('.class-box .class-ended')).toBeVisible();
    await expectAccessible(page, 'catalog join box, class ended (zh-CN)');
  } finally {
    await trainerContext.close();
  }
});

test('the privacy notice before anything else, and My records', async ({ page, request }) => {
  const learner = await createUser(request, { role: 'learner', acknowledgePrivacy: false });
  await page.goto('/?lang=zh-CN');
  await signIn(page, learner);
  const notice = page.locator('main.privacy-notice');
  await expect(notice).toBeVisible();
  await expect(page).toHaveTitle('个人信息告知 · 实训');
  await expectAccessible(page, 'privacy notice (zh-CN)');
  await page.goto('/?lang=en');
  await expect(notice).toBeVisible();
  await expectAccessible(page, 'privacy notice (en)');
  await notice.getByRole('button', { name: 'I have read this' }).click();
  await expect(notice).toHaveCount(0);

  await page.goto('/?page=my-records&lang=en');
  await expect(page.getByTestId('statement-count')).toBeVisible();
  await expect(page).toHaveTitle('My records · Shixun');
  await expectAccessible(page, 'my records (en)');
  await page.goto('/?page=my-records&lang=zh-CN');
  await expect(page.getByTestId('statement-count')).toBeVisible();
  await expectAccessible(page, 'my records (zh-CN)');
});

test('the admin console: a filtered report with charts, the policy editor with errors, a new API token, an attempt with an adjustment error', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const department = `E2E无障碍${uniqueUsername('a').slice(-6)}`;
  const learner = await createUser(request, { role: 'learner', name: '测试学员D', department, rank: '科员' });
  // One failed data-security attempt, graded by the server from its action log.
  const course = fullCourse('data-security');
  const learnerApi = await playwright.request.newContext({ baseURL: baseURL! });
  // The server issues the attempt's id: data-security draws steps per attempt.
  let attemptId: string;
  try {
    expect(
      (
        await learnerApi.post('/api/v1/auth/login', {
          headers: CSRF_HEADERS,
          data: { username: learner.username, password: learner.password },
        })
      ).status(),
    ).toBe(200);
    attemptId = await attemptTicket(learnerApi, course.id);
    const { log } = playAttempt(course, {
      attemptId,
      skill: 0,
      random: new Random(attemptId),
      startMs: Date.now() - 2 * 3_600_000,
    });
    const put = await learnerApi.put(`/api/v1/attempts/${attemptId}/actions`, {
      headers: CSRF_HEADERS,
      data: { courseId: course.id, courseVersion: course.version, from: 0, actions: log },
    });
    expect(put.status(), await put.text()).toBe(200);
  } finally {
    await learnerApi.dispose();
  }
  await signInThroughForm(page, E2E_ADMIN);

  for (const lang of ['en', 'zh-CN'] as const) {
    await page.goto(`/?page=admin-reports&lang=${lang}`);
    await page.locator('select[name="department"]').selectOption(department);
    await page.locator('select[name="status"]').selectOption('short');
    await expect(page.locator('.report-status')).toHaveAttribute('data-loaded', 'true');
    await expect(page.locator(`table.learner-table tbody tr[data-username="${learner.username}"]`)).toBeVisible();
    await expectAccessible(page, `admin report on its learners tab (${lang})`);
    await page.locator('[role="tab"][data-tab="charts"]').click();
    await expect(page.locator('figure[data-figure="completion"] .chart-box svg')).toBeVisible();
    for (const summary of await page.locator('.report-charts details summary').all()) await summary.click();
    await expect(page).toHaveTitle(lang === 'en' ? 'Training standing report · Shixun' : '学时达标报表 · 实训');
    await expectAccessible(page, `admin report filtered by department and status, charts and tables open (${lang})`);
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    await page.goto(`/?page=admin-policy&lang=${lang}`);
    const editor = page.locator('.policy-editor textarea');
    const yaml = await editor.inputValue();
    expect(yaml).toMatch(/^version:/m);
    await editor.fill(
      yaml.replace(/^version: .*$/m, `version: "a11y-${attemptId.slice(0, 8)}"`).replace(/^retakes: .*$/m, 'retakes: sometimes'),
    );
    await page.locator('.policy-editor button[type="submit"]').click();
    await expect(page.locator('.policy-problems li[data-path="retakes"]')).toBeVisible();
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, `policy editor with validation errors (${lang})`);
    for (const details of await page.locator('.policy-yaml summary').all()) await details.click();
    await editor.fill(yaml);
    await page.locator('.policy-editor button[type="submit"]').click();
    await expect(page.locator('.policy-problems')).not.toBeEmpty();
    await expectAccessible(page, `policy editor, version name taken (409), versions' YAML open (${lang})`);
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    await page.goto(`/?page=admin-tokens&lang=${lang}`);
    await page.locator('.token-create input[name="label"]').fill(`a11y ${lang} ${attemptId.slice(0, 8)}`);
    await page.locator('.token-create button[type="submit"]').click();
    await expect(page.locator('.token-value')).toBeVisible();
    await expect(page.locator('table.token-table tbody tr').first()).toBeVisible();
    await expectAccessible(page, `API tokens with a just-created token (${lang})`);
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    await page.goto(`/?page=admin-attempt&user=${encodeURIComponent(learner.username)}&lang=${lang}`);
    await expect(page.locator(`tr[data-attempt="${attemptId}"]`)).toBeVisible();
    await expectAccessible(page, `a learner's attempts (${lang})`);
    await page.goto(`/?page=admin-attempt&attempt=${attemptId}&lang=${lang}`);
    const form = page.locator('form.adjustment-form');
    await form.locator('textarea[name="reason"]').fill('short');
    await form.locator('button[type="submit"]').click();
    await expect(form.getByRole('alert')).not.toBeEmpty();
    await expect(page.locator('table.ledger-table tbody tr')).toHaveCount(1);
    await expectAccessible(page, `attempt page with an adjustment form error (${lang})`);
  }
});
