// The privacy notice and My records in real Chromium: a new learner meets the notice before
// anything else, acknowledges it with the keyboard alone and does not see it again; after an
// assessment, My records shows the official result (and one abandoned past its time limit, as not
// passed) and the download holds the learner's attempt and statements and nothing of another learner.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { APIRequestContext, Page } from '@playwright/test';
import type { MyRecordsExport } from '../src/contracts/privacy-types.ts';
import {
  accountMenu,
  adminRequest,
  createUser,
  CSRF_HEADERS,
  signIn,
  signInThroughForm,
  type MeBody,
} from './fixtures/accounts.ts';
import { E2E_DATA_DIR } from '../playwright.config.ts';
import { attemptIdOf, attemptTicket, fullCourse, playSteps, startAssessment } from './fixtures/assessment.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { PASSING, STEP_ORDER } from './fixtures/data-security-paths.ts';
import { expect, test } from './fixtures/index.ts';

/** Which notice state the app settles in after a load: waits for its answer to GET /api/v1/me/privacy. */
async function privacyAnswer(page: Page, load: () => Promise<unknown>): Promise<{ acknowledged: boolean }> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/me/privacy')), load()]);
  return (await response.json()) as { acknowledged: boolean };
}

test('a new learner reads the notice first, acknowledges it with the keyboard alone, and is not asked again', async ({
  page,
  request,
  browser,
  baseURL,
  saveArtifact,
}) => {
  const learner = await createUser(request, { role: 'learner', name: 'Lin Xiao', acknowledgePrivacy: false });
  await signInThroughForm(page, learner, 'zh-CN', { acknowledgePrivacy: false });

  // The notice stands in for the catalog, its title focused, with the retention numbers of the server.
  const notice = page.locator('main.privacy-notice');
  await expect(notice).toBeVisible();
  await expect(page.locator('.catalog')).toHaveCount(0);
  await expect(notice.getByRole('heading', { level: 1 })).toHaveText('个人信息告知');
  await expect(notice.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page).toHaveTitle('个人信息告知 · 实训');
  await expect(notice.locator('[data-retention="statements"]')).toHaveText('练习记录和其他非正式学习记录：保存 730 天后删除。');
  await expect(notice.locator('[data-retention="attempts"]')).toContainText('180 天');
  await expect(notice.locator('[data-retention="official"]')).toContainText('不会删除');
  await expect(notice).toContainText('个人信息保护法');
  await saveArtifact('privacy-notice-zh-cn');

  // Until acknowledged it comes back on every load (here in English), but approving a headset is never held up.
  expect((await privacyAnswer(page, () => page.goto('/?lang=en'))).acknowledged).toBe(false);
  await expect(notice.getByRole('heading', { level: 1 })).toHaveText('How your training records are used');
  await expect(notice.locator('[data-retention="sessions"]')).toHaveText(
    'Sign-in records: deleted 1 day after the sign-in ends.',
  );
  await saveArtifact('privacy-notice-en');
  await page.goto('/?page=device&lang=en');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in a headset' })).toBeVisible();
  await expect(notice).toHaveCount(0);
  await expect((await accountMenu(page)).getByRole('button', { name: 'Sign out' })).toBeEnabled();
  await page.keyboard.press('Escape');

  // Keyboard only: from the focused title, Tab reaches "I have read this"; Enter acknowledges.
  await page.goto('/?lang=en');
  await expect(notice.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Tab');
  const confirm = notice.getByRole('button', { name: 'I have read this' });
  await expect(confirm).toBeFocused();
  const [acknowledged] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me/privacy/acknowledgements')),
    page.keyboard.press('Enter'),
  ]);
  expect(acknowledged.status()).toBe(200);
  await expect(notice).toHaveCount(0);
  await expect(page.locator('.catalog h1')).toBeVisible();
  await expect(page.locator('main#main')).toBeFocused();

  // Not again after a reload, nor on another computer: the server holds the acknowledgement.
  expect((await privacyAnswer(page, () => page.reload())).acknowledged).toBe(true);
  await expect(page.locator('.catalog h1')).toBeVisible();
  await expect(notice).toHaveCount(0);
  const other = await browser.newContext({ baseURL: baseURL ?? '' });
  try {
    const otherPage = await other.newPage();
    await signInThroughForm(otherPage, learner, 'en', { acknowledgePrivacy: false });
    await expect(otherPage.locator('.catalog h1')).toBeVisible();
    await expect(otherPage.locator('main.privacy-notice')).toHaveCount(0);
  } finally {
    await other.close();
  }
});

/** A practice statement by the person signed in on `request`, sent to the LRS as their app would. */
async function postPractice(request: APIRequestContext, me: MeBody): Promise<string> {
  const id = crypto.randomUUID();
  const response = await request.post('/xapi/statements', {
    headers: { ...CSRF_HEADERS, 'X-Experience-API-Version': '2.0.0' },
    data: {
      id,
      actor: { objectType: 'Agent', name: me.user.name, account: me.agent.account },
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
      object: { objectType: 'Activity', id: 'https://id.shixun.local/xapi/courses/data-security' },
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return id;
}

test('after an assessment, My records shows the official result, and the download holds the attempt and statements and nothing of another learner', async ({
  app,
  page,
  request,
  playwright,
  baseURL,
  saveArtifact,
}) => {
  test.setTimeout(300_000);
  // Another learner with practice records of their own.
  const other = await createUser(request, { role: 'learner', name: 'Zhou Qiang' });
  const otherRequest = await playwright.request.newContext({ baseURL: baseURL ?? '' });
  const otherLogin = await otherRequest.post('/api/v1/auth/login', {
    headers: CSRF_HEADERS,
    data: { username: other.username, password: other.password },
  });
  const otherMe = (await otherLogin.json()) as MeBody;
  const otherStatement = await postPractice(otherRequest, otherMe);
  await otherRequest.dispose();

  const learner = await createUser(request, { role: 'learner', name: 'Zheng Lan' });
  await page.goto('/?lang=zh-CN');
  const me = await signIn(page, learner);
  const ownStatement = await postPractice(page.request, me);
  await startAssessment(app, 'data-security');
  const attemptId = await attemptIdOf(page);
  await playSteps(app, STEP_ORDER, PASSING);
  await expect(page.locator('main.results')).toHaveAttribute('data-official', 'true');
  await expect(page.locator('.sync-status')).toHaveAttribute('data-sync-state', 'synced');

  // An administrator corrects the result on appeal; the original stays beside the correction.
  const admin = await adminRequest(playwright);
  const adjusted = await admin.post(`/api/v1/attempts/${attemptId}/adjustments`, {
    headers: CSRF_HEADERS,
    data: { scaled: 0.85, passed: true, reason: '复核后更正：第二题评分有误' },
  });
  expect(adjusted.status(), await adjusted.text()).toBe(201);

  // Another assessment started and abandoned; then four hours pass, beyond the 180 minutes allowed.
  const abandoned = await attemptTicket(page.request, 'data-security');
  const version = fullCourse('data-security').version;
  const started = await page.request.put(`/api/v1/attempts/${abandoned}/actions`, {
    headers: CSRF_HEADERS,
    data: {
      courseId: 'data-security',
      courseVersion: version,
      from: 0,
      actions: [
        {
          kind: 'start',
          at: Date.now(),
          attemptId: abandoned,
          courseId: 'data-security',
          courseVersion: version,
          mode: 'assessment',
        },
      ],
    },
  });
  expect(started.status(), await started.text()).toBe(200);
  const database = new DatabaseSync(path.join(E2E_DATA_DIR, 'shixun.sqlite'));
  try {
    database.exec('PRAGMA busy_timeout = 10000');
    const fourHoursAgo = new Date(Date.now() - 4 * 60 * 60_000).toISOString();
    database.prepare('UPDATE attempts SET started = ? WHERE attempt_id = ?').run(fourHoursAgo, abandoned);
  } finally {
    database.close();
  }

  // From the header's link, as a learner would find it.
  await (await accountMenu(page)).getByRole('link', { name: '我的记录' }).click();
  const records = page.locator('main.my-records');
  await expect(records.getByRole('heading', { level: 1 })).toHaveText('我的记录');
  await expect(page).toHaveTitle('我的记录 · 实训');
  const row = records.locator(`tr[data-attempt="${attemptId}"]`);
  await expect(row).toHaveAttribute('data-passed', 'true');
  await expect(row.locator('th')).toHaveText('数据安全：从办公桌到外包合同');
  await expect(row).toContainText('100 / 100');
  await expect(row).toHaveAttribute('data-adjusted', 'true');
  await expect(row).toContainText('85%');
  await expect(row).toContainText('复核后更正：第二题评分有误');
  await expect(records.getByTestId('statement-count')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  await expect(records).toContainText(learner.username);
  // The abandoned attempt: expired, not passed, with the reason; not listed as in progress.
  const expired = records.locator(`table.records-expired tr[data-attempt="${abandoned}"]`);
  await expect(expired).toContainText('未合格：超过时限未完成');
  await expect(records.locator(`tr[data-attempt="${abandoned}"]`)).toHaveCount(1);
  await saveArtifact('my-records-zh-cn');
  await page.goto('/?page=my-records&lang=en');
  await expect(records.getByRole('heading', { level: 1 })).toHaveText('My records');
  await expect(records.locator(`tr[data-attempt="${attemptId}"]`)).toContainText('Passed');
  await expect(expired).toContainText('Not passed: not finished within the time limit');
  await expect(records.getByRole('heading', { name: 'Assessments that ran out of time' })).toBeVisible();
  await expectAccessible(page, 'My records with an assessment that ran out of time');
  await saveArtifact('my-records-en');

  // The JSON download: their attempt with its actions, their statements and the grader's, nobody else's.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    records.getByRole('link', { name: 'Download my records (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^shixun-records-${learner.username}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const text = await readFile(await download.path(), 'utf8');
  const body = JSON.parse(text) as MyRecordsExport;
  expect(body.account.username).toBe(learner.username);
  const attempt = body.attempts.find((a) => a.attemptId === attemptId);
  expect(attempt?.official).toMatchObject({ score: 100, max: 100, passed: true });
  expect(attempt?.actions.length).toBeGreaterThan(STEP_ORDER.length);
  const statements = body.statements as {
    id: string;
    context?: { registration?: string };
    authority?: { account?: { name: string } };
  }[];
  expect(body.statementCount).toBe(statements.length);
  expect(statements.map((s) => s.id)).toContain(ownStatement);
  expect(statements.some((s) => s.context?.registration === attemptId && s.authority?.account?.name === 'shixun-grader')).toBe(
    true,
  );
  expect(text).not.toContain(otherStatement);
  expect(text).not.toContain(other.username);
  expect(body.acknowledgements).toHaveLength(1);
  expect(body.adjustments).toEqual([
    expect.objectContaining({ attemptId, scaled: 0.85, passed: true, reason: '复核后更正：第二题评分有误' }),
  ]);

  // The CSV of results: a BOM for spreadsheets, one row for the one result.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    records.getByRole('link', { name: 'Download results (CSV)' }).click(),
  ]);
  const bytes = await readFile(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(new RegExp(`^${attemptId},data-security,.*,100,true,85,true,.*复核后更正：第二题评分有误$`));

  // And the server gives no one else's records, whatever is asked.
  const asOther = await page.request.get(`/api/v1/me/records?user=${encodeURIComponent(other.username)}`);
  expect(await asOther.text()).not.toContain(otherStatement);
});
