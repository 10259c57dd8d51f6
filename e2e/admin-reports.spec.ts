// An administrator works the admin console: filters the training report (department, then
// status), reads the charts and their data tables, downloads the CSV and XLSX and finds the same
// rows as the JSON report, issues an API token that works until it is revoked, and adjusts a
// learner's result with a reason, which shows as a new ledger entry. The data is seeded through
// the real APIs: learners by the admin API, assessments played as action logs and graded.
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { readSheet } from 'read-excel-file/node';
import { E2E_ADMIN } from '../playwright.config.ts';
import type { PromotionReport } from '../src/contracts/report-types.ts';
import { createUser, signInThroughForm, uniqueUsername } from './fixtures/accounts.ts';
import { fullCourse, gradeAssessment, type AttemptViewBody } from './fixtures/assessment.ts';
import { expect, test } from './fixtures/index.ts';

const PERIOD = String(new Date().getFullYear());

/** RFC 4180 rows: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** The learners' rows of a report file: from the header to the first blank line (the "about" lines follow). */
function learnerRows(rows: readonly (readonly unknown[])[]): { header: string[]; rows: string[][] } {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  const end = text.findIndex((row, index) => index > 0 && row.every((cell) => cell === ''));
  return { header: text[0] ?? [], rows: text.slice(1, end === -1 ? undefined : end) };
}

async function reportJson(request: APIRequestContext, query: string): Promise<PromotionReport> {
  const response = await request.get(`/api/v1/reports/promotion?${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as PromotionReport;
}

async function screenshotBoth(page: Page, saveArtifact: (name: string) => Promise<string>, name: string): Promise<void> {
  for (const lang of ['zh-CN', 'en'] as const) {
    const url = new URL(page.url());
    url.searchParams.set('lang', lang);
    await page.goto(url.toString());
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await saveArtifact(`${name}-${lang === 'en' ? 'en' : 'zh'}`);
  }
}

test('an admin filters the report, reads the charts, downloads CSV and XLSX, revokes a token and adjusts a result', async ({
  page,
  request,
  playwright,
  baseURL,
  saveArtifact,
}) => {
  test.setTimeout(240_000);
  // Departments of this run only, so other journeys' learners never enter the numbers.
  const tag = uniqueUsername('d').slice(-8);
  const audit = `E2E审计处${tag}`;
  const records = `E2E档案处${tag}`;
  const meets = await createUser(request, { role: 'learner', name: '测试学员A', department: audit, rank: '科员' });
  const short = await createUser(request, { role: 'learner', name: '测试学员B', department: audit, rank: '科员' });
  const other = await createUser(request, { role: 'learner', name: '测试学员C', department: records, rank: '科员' });
  // 科员 need 4 hours and data security; each course is worth 2 hours.
  const meetsDs = await gradeAssessment(playwright, baseURL!, meets, 'data-security', 1);
  const meetsGov = await gradeAssessment(playwright, baseURL!, meets, 'governance', 1);
  const shortDs = await gradeAssessment(playwright, baseURL!, short, 'data-security', 0);
  await gradeAssessment(playwright, baseURL!, other, 'data-security', 1);
  expect(meetsDs.official?.passed && meetsGov.official?.passed).toBe(true);
  expect(shortDs.official?.passed).toBe(false);
  // Retakes (best counts), so the department has the 10 data-security attempts item analysis needs.
  const retakes: AttemptViewBody[] = [];
  for (const [round, skill] of [0.2, 0.4, 0.6, 0.8].entries())
    retakes.push(await gradeAssessment(playwright, baseURL!, meets, 'data-security', skill, round + 1));
  for (const round of [1, 2, 3, 4]) retakes.push(await gradeAssessment(playwright, baseURL!, short, 'data-security', 0, round));
  const shortBest = [shortDs, ...retakes.slice(4)].reduce((best, view) =>
    view.official!.scaled > best.official!.scaled ? view : best,
  );
  expect(shortBest.official?.passed, 'no retake of the short learner passes').toBe(false);
  const auditAttempts = [meetsDs, meetsGov, shortDs, ...retakes];

  // The header leads an admin to the console.
  await signInThroughForm(page, E2E_ADMIN);
  await page.locator('.user-menu').getByRole('link', { name: 'Admin console' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Training standing report' })).toBeVisible();
  await expect(page).toHaveTitle('Training standing report · Shixun');
  await expect(page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Reports' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  // Filter: the department, then those short of the requirement.
  const status = page.locator('.report-status');
  await page.getByLabel('Period', { exact: true }).selectOption(PERIOD);
  await page.getByLabel('Department', { exact: true }).selectOption(audit);
  await expect(status).toHaveText('Showing 2 learners · 1 meet the requirement · 1 short');
  await expect(page.locator('[data-summary="learners"] dd')).toHaveText('2');
  await expect(page.locator('[data-summary="meets"] dd')).toHaveText('1');
  const learnerTable = page.locator('table.learner-table');
  // Every result was graded and recorded by the server: the log checks out and no row is marked.
  await expect(learnerTable.locator('tr[data-username]')).toHaveCount(2);
  await expect(learnerTable.locator('[data-ledger-issue]')).toHaveCount(0);
  await expect(page.locator('[data-summary="ledger-check"]')).toHaveCount(0);
  await expect(learnerTable.locator(`tr[data-username="${meets.username}"] [data-cell="status"]`)).toHaveText(
    '✓ Meets the requirement',
  );
  await expect(learnerTable.locator(`tr[data-username="${meets.username}"] [data-cell="hours"]`)).toHaveText('4 / 4');

  // The charts are in their own tab; the report opens on the learners.
  await expect(page.getByRole('tab', { name: 'Learners' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Charts and item analysis' }).click();
  // The charts render as SVG with their series drawn, named by ECharts' aria description.
  for (const figure of ['completion', 'scores', 'trend', 'items']) {
    const box = page.locator(`figure[data-figure="${figure}"] .chart-box`);
    await expect(box.locator('svg')).toHaveCount(1);
    expect(await box.locator('svg path').count(), `${figure} chart draws its series`).toBeGreaterThan(5);
    await expect(box).toHaveAttribute('role', 'img');
  }
  // ECharts' aria writes our description onto the chart box.
  await expect(page.locator('figure[data-figure="completion"] .chart-box')).toHaveAttribute(
    'aria-label',
    /^Chart: Completion by department\. One pair of bars per department/,
  );
  // Bars in the series' colours: the meets bar and the hatched short bar (plus legend marks).
  expect(await page.locator('figure[data-figure="completion"] svg path[fill="#1f5fa0"]').count()).toBeGreaterThanOrEqual(2);

  // The same numbers as tables.
  for (const summary of await page.locator('.report-charts details summary').all()) await summary.click();
  await expect(page.locator(`table[data-table="completion"] tr[data-department="${audit}"] td`)).toHaveText(['2', '1', '1']);
  const bin = (scaled: number) => Math.min(9, Math.floor(scaled * 10));
  const expectedBins = Array.from({ length: 10 }, () => 0);
  for (const view of [meetsDs, shortBest]) expectedBins[bin(view.official!.scaled)]! += 1;
  await expect(page.locator('table[data-table="scores"] tr[data-course="data-security"] td')).toHaveText(
    expectedBins.map(String),
  );
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const trendCells = page.locator(`table[data-table="trend"] tr[data-month="${month}"] td`);
  await expect(trendCells.nth(0)).toHaveText(String(auditAttempts.length));
  await expect(trendCells.nth(1)).toHaveText(String(auditAttempts.filter((v) => v.official!.passed).length));
  // Every graded step of data security, measured over the ten attempts, sorted by discrimination.
  const itemRows = page.locator('table.item-table tbody tr[data-course="data-security"]');
  expect(await itemRows.count()).toBeGreaterThan(5);
  const discriminations = (await itemRows.locator('td:nth-child(6)').allTextContents()).map(Number);
  expect(discriminations.every((d) => Number.isFinite(d))).toBe(true);
  expect(discriminations).toEqual([...discriminations].sort((a, b) => a - b));
  for (const flagged of await page.locator('table.item-table tbody tr[data-review="true"]').all())
    await expect(flagged.locator('td').last()).toContainText('Review this question');
  await saveArtifact('console-reports-department');

  await page.getByLabel('Status', { exact: true }).selectOption('short');
  await expect(status).toHaveText('Showing 1 learners · 0 meet the requirement · 1 short');
  await page.getByRole('tab', { name: 'Learners' }).click();
  await expect(learnerTable.locator('tbody tr')).toHaveCount(1);
  const dsTitle = fullCourse('data-security').title.en;
  await expect(learnerTable.locator(`tr[data-username="${short.username}"] [data-cell="status"] li`)).toHaveText([
    `× ${dsTitle}: not passed (score ${Math.round(shortBest.official!.scaled * 100)}%, minimum 80%)`,
    '× Short by 4 hours',
  ]);

  // Downloads: the same rows as the JSON report of the same filters.
  const query = `period=${PERIOD}&department=${encodeURIComponent(audit)}&status=short`;
  const json = await reportJson(page.request, query);
  expect(json.learners.map((l) => l.username)).toEqual([short.username]);
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csvBytes = await readFile(await csvDownload.path());
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = learnerRows(parseCsv(csvBytes.toString('utf8').slice(1)));
  const [xlsxDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download Excel (XLSX)' }).click(),
  ]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
  const xlsx = learnerRows(await readSheet(await xlsxDownload.path(), 1));
  for (const file of [csv, xlsx]) {
    expect(file.header.slice(0, 3)).toEqual(['Employee ID', 'Username', 'Name']);
    const column = (name: string) => file.header.indexOf(name);
    expect(
      file.rows.map((row) => [
        row[column('Username')],
        row[column('Name')],
        row[column('Department')],
        row[column('Meets requirement')],
        Number(row[column('Earned hours')]),
      ]),
    ).toEqual(
      json.learners.map((l) => [l.username, l.name, l.department, l.standing.meets ? 'Yes' : 'No', l.standing.earnedHours]),
    );
  }
  await saveArtifact('console-reports-short');
  await screenshotBoth(page, saveArtifact, 'console-reports');

  // An API token: created, shown once, works with a bearer header; revoked, it no longer does.
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  const label = `HR link ${tag}`;
  // The token form (the page also has the xAPI credential form, with its own label field).
  const tokenForm = page.getByRole('region', { name: 'Create a token' });
  await tokenForm.getByLabel(/^Label/).fill(label);
  await page.getByRole('button', { name: 'Create a token' }).click();
  const token = (await page.locator('.token-value').textContent()) ?? '';
  expect(token.length).toBeGreaterThan(20);
  await expect(page.locator('.new-token')).toContainText('shown only this once');
  const row = page
    .locator('table.token-table tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  await expect(row).toHaveAttribute('data-revoked', 'false');
  await screenshotBoth(page, saveArtifact, 'console-tokens');
  await page.goto('/?page=admin-tokens&lang=en');
  await tokenForm.getByLabel(/^Label/).fill(`${label} (2)`);
  await page.getByRole('button', { name: 'Create a token' }).click();
  await expect(page.locator('.token-value')).toBeVisible();
  await saveArtifact('console-tokens-created');

  const hr = await playwright.request.newContext({ baseURL: baseURL! });
  try {
    const withToken = () => hr.get(`/api/v1/reports/promotion?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const before = await withToken();
    expect(before.status(), await before.text()).toBe(200);
    expect(((await before.json()) as PromotionReport).learners.map((l) => l.username)).toEqual([short.username]);

    await row.getByRole('button', { name: `Revoke token "${label}"` }).click();
    await expect(row.getByRole('group')).toContainText(`Revoke token "${label}"?`);
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(row).toHaveAttribute('data-revoked', 'true');
    await expect(page.locator('.token-list [role="status"]')).toHaveText(`Token "${label}" revoked.`);
    expect((await withToken()).status()).toBe(401);
  } finally {
    await hr.dispose();
  }

  // Adjusting a result: from the report's row to the learner's attempts, to the attempt.
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Reports' }).click();
  await page.getByLabel('Department', { exact: true }).selectOption(audit);
  await expect(status).toHaveText('Showing 2 learners · 1 meet the requirement · 1 short');
  await learnerTable.getByRole('link', { name: `Attempts of ${short.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Attempts of ${short.username}` })).toBeVisible();
  await screenshotBoth(page, saveArtifact, 'console-learner-attempts');
  await page.locator(`tr[data-attempt="${shortDs.attemptId}"]`).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessment attempt' })).toBeVisible();
  const original = shortDs.official!;
  await expect(page.getByTestId('original')).toContainText(`${original.score} / ${original.max}`);
  await expect(page.getByText('Never adjusted.')).toBeVisible();
  const ledgerRows = page.locator('table.ledger-table tbody tr');
  await expect(ledgerRows).toHaveCount(1);
  await expect(ledgerRows.first()).toHaveAttribute('data-kind', 'result');

  // Too short a reason is refused before anything is sent.
  const form = page.locator('form.adjustment-form');
  await form.getByLabel(/^Adjusted score/).fill('85');
  await form.getByLabel('Passed', { exact: true }).check();
  await form.getByLabel(/^Reason/).fill('appeal');
  await form.getByRole('button', { name: 'Save the adjustment' }).click();
  await expect(form.getByRole('alert')).toHaveText(/too short/);
  await expect(form.getByLabel(/^Reason/)).toHaveAttribute('aria-invalid', 'true');

  const reason = 'Appeal upheld: the scene 2 scoring key was wrong (review board, case 7).';
  await form.getByLabel(/^Reason/).fill(reason);
  await form.getByRole('button', { name: 'Save the adjustment' }).click();
  await expect(form.getByRole('status')).toHaveText(/^Adjustment saved as ledger entry \d+\.$/);
  const seq = Number(/(\d+)\.$/.exec((await form.getByRole('status').textContent()) ?? '')?.[1]);
  const adjustmentRow = page.locator('table.adjustment-table tbody tr');
  await expect(adjustmentRow).toHaveCount(1);
  await expect(adjustmentRow.locator('td.reason')).toHaveText(reason);
  await expect(adjustmentRow).toContainText(`${Math.round(original.scaled * 100)}% × Not passed → 85% ✓ Passed`);
  await expect(adjustmentRow).toContainText(E2E_ADMIN.username);
  await expect(ledgerRows).toHaveCount(2);
  await expect(page.locator(`table.ledger-table tr[data-seq="${seq}"]`)).toHaveAttribute('data-kind', 'adjustment');
  // The original grading stays as it was; the adjusted result is the one in effect.
  await expect(page.getByTestId('original')).toContainText(`${original.score} / ${original.max}`);
  await expect(page.getByTestId('effective')).toContainText('85% · ✓ Passed');
  await screenshotBoth(page, saveArtifact, 'console-attempt');

  // The report counts the adjusted result: data security is done, two hours are still missing.
  const after = await reportJson(page.request, `period=${PERIOD}&department=${encodeURIComponent(audit)}`);
  const standing = after.learners.find((l) => l.username === short.username)?.standing;
  expect(standing?.statuses).toEqual([{ kind: 'short-hours', hours: 2 }]);
  expect(after.ledgerHead.seq).toBeGreaterThanOrEqual(seq);

  // The policy page, read only here (a saved version would change every other journey's report).
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Policy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Training policy' })).toBeVisible();
  await expect(page.locator('.policy-current .policy-version')).toHaveAttribute('data-version', json.policy.version);
  await screenshotBoth(page, saveArtifact, 'console-policy');
  // A file the server refuses (422) lists each problem by its path, tied to the editor.
  const editor = page.getByLabel('New version (YAML)');
  const yaml = await editor.inputValue();
  await editor.fill(
    yaml
      .replace(/^version: .*$/m, `version: "e2e-${tag}"`)
      .replace(/^retakes: .*$/m, 'retakes: sometimes')
      .replace(/^(minimumScore:\n\s+default:) .*$/m, '$1 2'),
  );
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  const problems = page.locator('.policy-problems');
  await expect(problems.locator('li[data-path="retakes"]')).toContainText('retakes: ');
  await expect(problems.locator('li[data-path="minimumScore.default"]')).toContainText('minimumScore.default: ');
  expect((await editor.getAttribute('aria-describedby'))?.split(' ')).toContain(await problems.getAttribute('id'));
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await saveArtifact('console-policy-problems');
  // The version in force, sent again unchanged: its name is taken (409), and the page says why.
  await editor.fill(yaml);
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(problems).toHaveText(
    `Version ${json.policy.version} exists already, so nothing was saved. Version names are never reused: change \`version\` to a new name and save again.`,
  );
  await expect(page.locator('.policy-current .policy-version')).toHaveAttribute('data-version', json.policy.version);
});
