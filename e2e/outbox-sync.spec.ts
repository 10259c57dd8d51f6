// Records made offline wait in the IndexedDB outbox and reach the server exactly once when the
// browser is back online: an assessment finished offline (and the page reloaded while the grader
// is still unreachable), and practice statements of a signed-in learner.
//
// The reload happens after going back online, with /api/v1/attempts blocked by page.route so the
// outbox cannot drain first (a reload while offline needs the service worker: e2e/offline.spec.ts).
// Service workers are blocked here so page.route sees every request the page makes.
import { createUser, signIn } from './fixtures/accounts.ts';
import { attemptIdOf, attemptLogOf, attemptView, fullCourse, ownStatements, playSteps, startAssessment, statementKey } from './fixtures/assessment.ts';
import { PASSING, STEP_ORDER } from './fixtures/data-security-paths.ts';
import { expect, test } from './fixtures/index.ts';
import { deriveEvents } from '../src/engine/learning-events.ts';
import { statementsForEvents } from '../src/records/statements.ts';
import type { XapiAgent } from '../src/records/xapi-statement.ts';
import type { AttemptAction } from '../src/engine/attempt-actions.ts';

test.use({ serviceWorkers: 'block' });

const COURSE = 'data-security';

/**
 * The statements the attempt's log stands for, each as "event id + verb": what the outbox (practice)
 * and the grader (assessment, under ids of its own) write for it.
 */
function expectedStatementKeys(log: readonly AttemptAction[], mode: 'practice' | 'assessment', actor: XapiAgent): string[] {
  const course = fullCourse(COURSE);
  return statementsForEvents({ course, actor, mode, locale: 'zh-CN' }, deriveEvents(course, log)).map(statementKey).sort();
}

test('an assessment finished offline syncs once back online, across a reload, with every statement once', async ({ app, page, context, request }) => {
  test.setTimeout(300_000);
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?lang=zh-CN');
  const me = await signIn(page, learner);
  await startAssessment(app, COURSE);
  const attemptId = await attemptIdOf(page);
  const status = page.locator('.sync-status');

  // The first scene online: synced as the learner goes.
  await playSteps(app, STEP_ORDER.slice(0, 2), PASSING);
  const playedOnline = (await attemptLogOf(page)).length;
  await expect.poll(async () => (await attemptView(page.request, attemptId)).received).toBe(playedOnline);
  await expect(status).toHaveAttribute('data-sync-state', 'synced');

  // The rest offline.
  await context.setOffline(true);
  await expect(status).toHaveAttribute('data-sync-state', 'offline');
  await app.expectStep(STEP_ORDER[2]);
  await playSteps(app, STEP_ORDER.slice(2, 3), PASSING);
  await expect(status).toContainText(/离线：\d+ 条待同步/);
  await playSteps(app, STEP_ORDER.slice(3), PASSING);
  const results = page.locator('main.results');
  await expect(results).toHaveAttribute('data-official', 'false');
  const log = await attemptLogOf(page);
  // One outbox entry per action played offline.
  const pending = log.length - playedOnline;
  expect(pending).toBeGreaterThan(10);
  await expect(status).toHaveAttribute('data-pending', String(pending));
  await expect(page.getByTestId('sync-wait')).toContainText(`等待同步（${pending} 条待同步）`);

  // Online again, but the grader unreachable, and the page reloaded: the outbox kept everything.
  await page.route('**/api/v1/attempts/**', (route) => route.abort('internetdisconnected'));
  await context.setOffline(false);
  await page.reload();
  await expect(page.locator('main.results')).toHaveAttribute('data-official', 'false');
  await expect(status).toHaveAttribute('data-pending', String(pending));
  await expect(page.getByTestId('sync-wait')).toContainText(`等待同步（${pending} 条待同步）`);

  // The grader back: the retry timer sends the outbox; the official result appears.
  await page.unroute('**/api/v1/attempts/**');
  await expect(page.locator('main.results')).toHaveAttribute('data-official', 'true', { timeout: 30_000 });
  await expect(page.locator('main.results')).toHaveAttribute('data-score', '100');
  await expect(status).toHaveAttribute('data-sync-state', 'synced');
  await expect(status).toHaveAttribute('data-pending', '0');

  const view = await attemptView(page.request, attemptId);
  expect(view.received).toBe(log.length);
  expect(view.official).toMatchObject({ score: 100, passed: true });
  const stored = await ownStatements(page.request, me.agent, attemptId);
  expect(new Set(stored.map((s) => s.id)).size).toBe(stored.length);
  // Every statement exactly once: the same events and verbs, no more, no fewer.
  expect(stored.map(statementKey).sort()).toEqual(expectedStatementKeys(log, 'assessment', me.agent as XapiAgent));
});

test('practice statements made offline reach the LRS once when back online', async ({ app, page, context, request }) => {
  test.setTimeout(180_000);
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?lang=zh-CN');
  const me = await signIn(page, learner);
  await page.locator(`[data-course="${COURSE}"] button[data-mode="practice"]`).click();
  await app.waitForScene();
  const attemptId = await attemptIdOf(page);
  const status = page.locator('.sync-status');
  await expect(status).toHaveAttribute('data-sync-state', 'synced');

  await context.setOffline(true);
  await playSteps(app, STEP_ORDER.slice(0, 2), PASSING);
  await expect(status).toHaveAttribute('data-sync-state', 'offline');
  expect(Number(await status.getAttribute('data-pending'))).toBeGreaterThan(0);
  // Practice feedback is local and immediate, offline or not.
  const records = (await app.state()).records;
  expect(records.map((r) => r.result.score)).toEqual(records.map((r) => r.result.max));

  await context.setOffline(false);
  await expect(status).toHaveAttribute('data-sync-state', 'synced');
  await expect(status).toHaveAttribute('data-pending', '0');
  const log = await attemptLogOf(page);
  const stored = await ownStatements(page.request, me.agent, attemptId);
  expect(new Set(stored.map((s) => s.id)).size).toBe(stored.length);
  expect(stored.map(statementKey).sort()).toEqual(expectedStatementKeys(log, 'practice', me.agent as XapiAgent));
  // The outbox sent the records layer's own ids (deterministic, so a resend is a duplicate).
  const course = fullCourse(COURSE);
  const sent = statementsForEvents({ course, actor: me.agent as XapiAgent, mode: 'practice', locale: 'zh-CN' }, deriveEvents(course, log)).map((s) => s.id);
  expect(stored.map((s) => s.id).sort()).toEqual(sent.sort());
});
