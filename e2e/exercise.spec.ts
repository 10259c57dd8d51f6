// A joint exercise in the browser, end to end on the live room: a trainer starts a session of
// resident-data-leak; two learners on desktops join with the code and take the police and the
// big-data bureau; each sees only its own briefing; the police ask for the export log and the
// bureau grants the minimum columns on a legal basis; the trainer fires an inject both learners
// see, then ends the session. The trainer replays it (back in time, at 16×), prints the debrief and
// starts a new session from the moment of the inject. axe checks every page on the way.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createUser, signIn, type TestUser } from './fixtures/accounts.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { guardOffHost, type OffHostRequest } from './fixtures/base.ts';
import { expect, test } from './fixtures/index.ts';

const POLICE_BRIEFING = 'You have obtained a sample from the seller';
const BIGDATA_BRIEFING = 'The sharing platform watermarks every exported file by batch';

async function learnerPage(
  browser: Browser,
  base: string,
  learner: TestUser,
  log: OffHostRequest[][],
): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ baseURL: base });
  log.push(await guardOffHost(context, new URL(base).host));
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await signIn(page, learner);
  return [context, page];
}

async function joinAs(page: Page, code: string, roleName: string): Promise<void> {
  await page.goto('/?lang=en');
  await page.locator('.user-menu').getByRole('link', { name: 'Join an exercise' }).click();
  await page.getByLabel('Exercise join code').fill(code);
  await page.getByRole('button', { name: 'Join the exercise' }).click();
  await page.getByRole('button', { name: `Take the role: ${roleName}` }).click();
  await expect(page.locator('.exercise-connection')).toHaveText(`Connected: you act for the ${roleName}.`, { timeout: 20_000 });
}

test('a trainer runs a joint exercise that two learners play live, with a data request and an inject', async ({
  page: trainerPage,
  request,
  browser,
  baseURL,
  saveArtifact,
}) => {
  test.setTimeout(240_000);
  const base = baseURL ?? '';
  const offHost: OffHostRequest[][] = [];
  const trainer = await createUser(request, { role: 'trainer', name: 'Zhou Min' });
  const policeLearner = await createUser(request, { role: 'learner', name: 'Chen Jing' });
  const bureauLearner = await createUser(request, { role: 'learner', name: 'Li Qiang' });

  // The trainer starts a session from the header's link and gets a large code and a QR code.
  await signIn(trainerPage, trainer);
  await trainerPage.goto('/?lang=en');
  await trainerPage.locator('.user-menu').getByRole('link', { name: 'Joint exercises' }).click();
  await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText('Joint exercises');
  await expectAccessible(trainerPage, 'exercise lobby');
  await trainerPage.getByLabel('Exercise', { exact: true }).selectOption('resident-data-leak');
  await trainerPage.getByLabel('Session name (optional)').fill('Leak drill, group A');
  await trainerPage.getByRole('button', { name: 'Start and show the join code' }).click();
  await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText('Leak drill, group A');
  const code = (await trainerPage.locator('.exercise-code').getAttribute('data-code')) ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await expect(trainerPage.getByRole('img', { name: /^QR code to join the exercise: .*code=\d{6}/ })).toBeVisible();
  await expect(trainerPage.locator('.exercise-control .exercise-connection')).toHaveText(
    'Connected: as the trainer you see everything.',
    { timeout: 20_000 },
  );

  // Two learners join with the code and take two departments.
  const [policeContext, police] = await learnerPage(browser, base, policeLearner, offHost);
  const [bureauContext, bureau] = await learnerPage(browser, base, bureauLearner, offHost);
  try {
    await joinAs(police, code, 'District Public Security Sub-bureau, Cyber Police Unit');
    await joinAs(bureau, code, 'District Big Data Bureau');
    await expect(trainerPage.locator(`.exercise-participants li[data-user="${policeLearner.username}"]`)).toHaveAttribute(
      'data-role',
      'police',
    );

    // Each sees its own briefing and private items, never the other's.
    await expect(police.locator('.exercise-briefing-text')).toContainText(POLICE_BRIEFING);
    await expect(bureau.locator('.exercise-briefing-text')).toContainText(BIGDATA_BRIEFING);
    await expect(police.locator('main')).not.toContainText(BIGDATA_BRIEFING);
    await expect(police.locator('main')).not.toContainText('Platform account console');
    await expect(bureau.locator('main')).not.toContainText(POLICE_BRIEFING);
    await expect(bureau.locator('main')).not.toContainText('Notes on the seller contact');

    // The police ask the bureau for the export log's columns, with the purpose.
    await police.getByLabel('Data and purpose').selectOption('log-for-investigation');
    for (const column of ['Watermark batch', 'Exporting account', 'Export time']) await police.getByLabel(column).check();
    await police.getByRole('button', { name: 'Send the request' }).click();
    await expect(police.locator('.exercise-requests li[data-request="r1"]')).toHaveAttribute('data-answer', 'open');

    // The bureau grants the minimum columns on a legal basis.
    const answer = bureau.locator('.exercise-answer-form[data-request="r1"]');
    await expect(answer).toBeVisible();
    await answer.getByLabel('Legal basis').selectOption('pipl-13-3');
    for (const column of ['Watermark batch', 'Exporting account', 'Export time']) await answer.getByLabel(column).check();
    await answer.getByRole('button', { name: 'Send the answer' }).click();
    await expect(bureau.locator('.exercise-requests li[data-request="r1"]')).toHaveAttribute('data-answer', 'grant');
    await expect(police.locator('.exercise-requests li[data-request="r1"]')).toHaveAttribute('data-answer', 'grant');
    await expect(police.getByRole('table', { name: /Sharing platform export log/ })).toBeVisible();
    await expect(police.getByRole('table', { name: /Sharing platform export log/ }).locator('th')).toHaveCount(3);
    await police.screenshot({ path: 'e2e/artifacts/exercise-learner-police.png', fullPage: true });
    await expectAccessible(police, 'exercise learner page');

    // An action and a message reach everyone's log and message list.
    await police.getByRole('button', { name: 'Preserve the evidence (screenshots, links, payment details)' }).click();
    await expect(bureau.locator('.exercise-log li[data-kind="action"]')).toContainText(
      'District Public Security Sub-bureau, Cyber Police Unit: Preserve the evidence',
    );
    await police.getByLabel('Message', { exact: true }).fill('Export log received, thank you.');
    await police.getByRole('button', { name: 'Send the message' }).click();
    await expect(bureau.locator('.exercise-messages li[data-from="police"]')).toContainText('Export log received, thank you.');

    // The police learner's page goes away and comes back: same role, same view, nothing lost.
    await police.reload();
    await expect(police.locator('.exercise-connection')).toHaveText(
      'Connected: you act for the District Public Security Sub-bureau, Cyber Police Unit.',
      { timeout: 20_000 },
    );
    await expect(police.getByRole('table', { name: /Sharing platform export log/ }).locator('th')).toHaveCount(3);
    await expect(police.locator('.exercise-messages li[data-from="police"]')).toHaveCount(1);

    // The trainer fires an inject; both learners see it on the board and in the log.
    await trainerPage.getByRole('button', { name: 'Fire: Another copy appears' }).click();
    for (const learner of [police, bureau]) {
      await expect(learner.locator('.exercise-injects li[data-inject="second-copy"]')).toContainText('Another copy appears');
      await expect(learner.locator('.exercise-log li[data-kind="inject"]')).toContainText('Inject: Another copy appears');
    }
    await expect(trainerPage.locator('.exercise-inject-controls li[data-inject="second-copy"]')).toContainText('fired');
    await trainerPage.getByLabel('Show role').selectOption('bigdata');
    await expect(trainerPage.locator('.exercise-briefing-text')).toContainText(BIGDATA_BRIEFING);
    await expect(trainerPage.locator('.exercise-act-for')).toHaveCount(0);
    // Nobody holds the cyberspace office: the trainer convenes the response for it.
    await trainerPage.getByLabel('Show role').selectOption('cyberspace');
    await trainerPage
      .locator('.exercise-act-for')
      .getByRole('button', { name: 'Convene the joint response and assign tasks' })
      .click();
    await expect(police.locator('.exercise-log li[data-kind="action"]').first()).toContainText(
      'District Cyberspace Affairs Office: Convene the joint response',
    );
    await trainerPage.screenshot({ path: 'e2e/artifacts/exercise-control-full.png', fullPage: true });
    await saveArtifact('exercise-control');
    await expectAccessible(trainerPage, 'exercise control page');
    // The next phase opens the bureau's freeze, which needs the police's batch first: the room
    // refuses it with its reason, shown to the bureau only.
    await trainerPage.getByRole('button', { name: 'Next phase' }).click();
    await expect(bureau.locator('.exercise-phase')).toHaveAttribute('data-phase', 'contain');
    await expect(bureau.locator('.exercise-log li[data-kind="phase"]')).toHaveText(/Phase begins: Contain/);
    await bureau.getByRole('button', { name: 'Freeze the account that exported the leaked batch' }).click();
    await expect(bureau.locator('.exercise-notice')).toContainText('The room did not accept that:');
    await expect(police.locator('.exercise-notice')).toBeEmpty();

    // The same page in Chinese, switched in place: the room's view is shown in the learner's language.
    await bureau.getByRole('button', { name: '中文' }).click();
    await expect(bureau.locator('.exercise-connection')).toHaveText('已连接：你代表区大数据局。');
    await expect(bureau.locator('.exercise-log li[data-kind="inject"]')).toContainText('突发情况：又出现一份副本');
    await bureau.screenshot({ path: 'e2e/artifacts/exercise-learner-bureau.png', fullPage: true });

    // The trainer ends the session: the learners' pages say so.
    await trainerPage.getByRole('button', { name: 'End the session (closes the room and the code)' }).click();
    await expect(trainerPage.getByRole('status').filter({ hasText: 'This exercise session has ended.' })).toBeVisible();
    await expect(police.locator('.exercise-connection')).toHaveText('This exercise session has ended.', { timeout: 20_000 });
    await expect(bureau.locator('.exercise-connection')).toHaveText('本场演练已结束。', { timeout: 20_000 });
  } finally {
    await policeContext.close();
    await bureauContext.close();
  }

  // The after-action review: the replay lists every entry of the log, once, with who and what.
  const sessionId = new URL(trainerPage.url()).searchParams.get('session') ?? '';
  const replayAnswer = await trainerPage.request.get(`/api/v1/exercise-sessions/${sessionId}/replay`);
  expect(replayAnswer.status()).toBe(200);
  const entries = ((await replayAnswer.json()) as { log: unknown[] }).log.length;
  await trainerPage.getByRole('link', { name: 'Replay', exact: true }).click();
  await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText('Replay: Leak drill, group A');
  const rows = trainerPage.locator('.review-log tbody tr');
  // The clock's plain ticks (recorded each second it runs) are left out unless asked for.
  await expect(rows.filter({ hasText: '(no change)' })).toHaveCount(0);
  await trainerPage.getByLabel('Show every tick of the exercise clock').check();
  await expect(rows).toHaveCount(entries);
  await trainerPage.getByLabel('Show every tick of the exercise clock').uncheck();
  await expect(trainerPage.locator('.review-position')).toHaveText(new RegExp(`^Entry ${entries} of ${entries} · `));
  await expect(rows.filter({ hasText: 'Granted request r1' })).toContainText('Li Qiang (District Big Data Bureau)');
  await expect(rows.filter({ hasText: 'Freeze the account' })).toHaveAttribute('data-accepted', 'no');
  await expect(rows.filter({ hasText: 'Freeze the account' })).toContainText('refused:');
  // Back in time: before the inject fired the board does not show it; at the inject it does.
  const injectRow = rows.filter({ hasText: 'Fired: Another copy appears' });
  const injectNo = Number(await injectRow.locator('th').innerText());
  await trainerPage.getByRole('button', { name: `Go to entry ${injectNo}`, exact: true }).click();
  await expect(trainerPage.locator('.exercise-board .exercise-injects li[data-inject="second-copy"]')).toBeVisible();
  await expect(injectRow).toHaveAttribute('aria-current', 'step');
  await trainerPage.getByRole('button', { name: 'Previous entry' }).click();
  await expect(trainerPage.locator('.exercise-board .exercise-injects li[data-inject="second-copy"]')).toHaveCount(0);
  // Played from the start at 16×, the replay reaches the last entry by itself.
  await trainerPage.getByRole('button', { name: 'To the start' }).click();
  await expect(trainerPage.locator('.review-position')).toHaveText(/^Start \(nothing recorded yet\)/);
  await trainerPage.getByLabel('Speed').selectOption('16');
  await trainerPage.getByRole('button', { name: 'Play' }).click();
  await expect(trainerPage.locator('.review-position')).toHaveText(new RegExp(`^Entry ${entries} of ${entries} · `), {
    timeout: 60_000,
  });
  await trainerPage.getByRole('button', { name: `Go to entry ${injectNo}`, exact: true }).click();
  await trainerPage.screenshot({ path: 'e2e/artifacts/exercise-replay.png', fullPage: true });
  await expectAccessible(trainerPage, 'exercise replay');

  // The debrief: final scores with their reasons, who held which role, the refused command; it prints to A4.
  await trainerPage.getByRole('link', { name: 'Debrief (printable)' }).click();
  await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText('Debrief: Leak drill, group A');
  await expect(trainerPage.locator('.review-participants')).toContainText(
    'Chen Jing (District Public Security Sub-bureau, Cyber Police Unit)',
  );
  await expect(trainerPage.locator('.review-scores [data-score="team"] dt')).toHaveText(/^Team: -?\d+ \/ \d+$/);
  await expect(trainerPage.getByRole('heading', { name: 'Refused commands (1)' })).toBeVisible();
  await expectAccessible(trainerPage, 'exercise debrief');
  await trainerPage.emulateMedia({ media: 'print' });
  await expect(trainerPage.locator('.app-header')).toBeHidden();
  await trainerPage.screenshot({ path: 'e2e/artifacts/exercise-debrief-print.png', fullPage: true });
  const pdf = await trainerPage.pdf({ format: 'A4', path: 'e2e/artifacts/exercise-debrief.pdf' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await trainerPage.emulateMedia({ media: 'screen' });

  // A new session from the moment of the inject: the record up to it, paused there, ready for roles.
  await trainerPage.getByRole('link', { name: 'Replay', exact: true }).click();
  await trainerPage.getByRole('button', { name: `Go to entry ${injectNo}`, exact: true }).click();
  await trainerPage.getByRole('button', { name: 'Start a new session from this moment' }).click();
  await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText(/^Leak drill, group A · \d\d:\d\d$/);
  await expect(trainerPage.getByText(`Started from entry ${injectNo} of another session`)).toBeVisible();
  expect(new URL(trainerPage.url()).searchParams.get('session')).not.toBe(sessionId);
  await expect(trainerPage.locator('.exercise-control .exercise-connection')).toHaveText(
    'Connected: as the trainer you see everything.',
    { timeout: 20_000 },
  );
  await expect(trainerPage.locator('.exercise-phase')).toContainText('paused');
  await expect(trainerPage.locator('.exercise-board .exercise-injects li[data-inject="second-copy"]')).toBeVisible();
  await expect(trainerPage.getByRole('button', { name: 'Resume' })).toBeVisible();
  expect(offHost.flat()).toEqual([]);
});
