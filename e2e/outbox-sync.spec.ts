// Records made offline wait in the IndexedDB outbox and reach the server exactly once when the
// browser is back online: an assessment finished offline (and the page reloaded while the grader
// is still unreachable), practice statements of a signed-in learner, and, on a shared headset,
// one learner's records waiting through another learner's session until their owner is back.
//
// The reload happens after going back online, with /api/v1/attempts blocked by page.route so the
// outbox cannot drain first (a reload while offline needs the service worker: e2e/offline.spec.ts).
// Service workers are blocked here so page.route sees every request the page makes.
import type { APIRequestContext } from '@playwright/test';
import { accountMenu, createUser, signIn, type MeBody } from './fixtures/accounts.ts';
import {
  attemptIdOf,
  attemptLogOf,
  attemptView,
  fullCourse,
  ownStatements,
  playSteps,
  startAssessment,
  statementKey,
  type StoredStatement,
} from './fixtures/assessment.ts';
import { PASSING, STEP_ORDER } from './fixtures/data-security-paths.ts';
import { GOVERNANCE_PASSING, GOVERNANCE_STEPS } from './fixtures/governance-paths.ts';
import { expect, test } from './fixtures/index.ts';
import { drawCourse } from '../src/engine/draw.ts';
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
  // An assessment is graded on the course as its attempt id draws it (variants), practice on the file.
  const start = log[0];
  const course =
    mode === 'assessment' && start?.kind === 'start' ? drawCourse(fullCourse(COURSE), start.attemptId) : fullCourse(COURSE);
  return statementsForEvents({ course, actor, mode, locale: 'zh-CN' }, deriveEvents(course, log)).map(statementKey).sort();
}

test('an assessment finished offline syncs once back online, across a reload, with every statement once', async ({
  app,
  page,
  context,
  request,
}) => {
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
  const sent = statementsForEvents(
    { course, actor: me.agent as XapiAgent, mode: 'practice', locale: 'zh-CN' },
    deriveEvents(course, log),
  ).map((s) => s.id);
  expect(stored.map((s) => s.id).sort()).toEqual(sent.sort());
});

type AnyonesStatement = StoredStatement & { readonly actor: { readonly account?: { readonly name: string } } };

/** Every statement of a registration, whoever its actor (the admin reads all). */
async function allStatements(admin: APIRequestContext, registration: string): Promise<AnyonesStatement[]> {
  const response = await admin.get(`/xapi/statements?${new URLSearchParams({ registration, limit: '500' })}`, {
    headers: { 'X-Experience-API-Version': '2.0.0' },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { statements: AnyonesStatement[]; more?: string };
  expect(body.more ?? '').toBe('');
  return body.statements;
}

test("a shared headset keeps one learner's offline practice through another's session, and sends it once as theirs", async ({
  app,
  page,
  context,
  request,
}) => {
  test.setTimeout(300_000);
  const learnerA = await createUser(request, { role: 'learner', name: '张三' });
  const learnerB = await createUser(request, { role: 'learner', name: '李四' });
  await page.goto('/?lang=zh-CN');
  const meA: MeBody = await signIn(page, learnerA);
  const status = page.locator('.sync-status');

  // A starts practising online (the launch is sent), then does the whole course offline.
  await page.locator(`[data-course="${COURSE}"] button[data-mode="practice"]`).click();
  await app.waitForScene();
  const attemptA = await attemptIdOf(page);
  await expect.poll(async () => (await allStatements(request, attemptA)).length).toBeGreaterThan(0);
  await expect(status).toHaveAttribute('data-pending', '0');
  const sentStatements = await allStatements(request, attemptA);
  const sentOnline = sentStatements.length;
  await context.setOffline(true);
  await playSteps(app, STEP_ORDER, PASSING);
  expect((await app.state()).status).toBe('finished');
  const logA = await attemptLogOf(page);
  await expect(status).toHaveAttribute('data-sync-state', 'offline');
  // One outbox entry per learning event with statements, less those sent before going offline.
  const eventOf = (key: string) => key.split(' ')[0];
  const pendingA =
    new Set(expectedStatementKeys(logA, 'practice', meA.agent as XapiAgent).map(eventOf)).size -
    new Set(sentStatements.map(statementKey).map(eventOf)).size;
  expect(pendingA).toBeGreaterThan(10);
  await expect(status).toHaveAttribute('data-pending', String(pendingA));

  // Back online but the LRS unreachable; A signs out. Sign-out first tries to send A's records.
  let statementPosts = 0;
  await page.route('**/xapi/statements', (route) => {
    statementPosts += 1;
    return route.abort('internetdisconnected');
  });
  await context.setOffline(false);
  await expect.poll(() => statementPosts).toBeGreaterThan(0);
  const postsBeforeSignOut = statementPosts;
  await (await accountMenu(page)).locator('button.sign-out').click();
  await expect(page.locator('.user-menu')).toHaveAttribute('data-signed-in', 'false');
  expect(statementPosts).toBeGreaterThan(postsBeforeSignOut);
  const keptForA = status.locator(`.sync-waiting[data-owner="${learnerA.username}"]`);
  await expect(keptForA).toHaveText(`${pendingA} 条记录保存在本设备，张三 再次登录后同步`);
  await page.unroute('**/xapi/statements');

  // B signs in on the same headset: A's records wait, untouched; B's own practice goes out.
  const meB = await signIn(page, learnerB);
  await expect(page.locator('.user-menu')).toHaveAttribute('data-username', learnerB.username);
  await expect(status.locator(`.sync-waiting[data-owner="${learnerA.username}"]`)).toHaveText(
    `${pendingA} 条记录等待 张三 在本设备登录后同步`,
  );
  await page.locator('[data-course="governance"] button[data-mode="practice"]').click();
  await app.waitForScene();
  const attemptB = await attemptIdOf(page);
  await playSteps(app, GOVERNANCE_STEPS.slice(0, 2), GOVERNANCE_PASSING);
  await expect(status).toHaveAttribute('data-sync-state', 'synced');
  await expect(status).toHaveAttribute('data-pending', '0');
  await expect(status).toHaveAttribute('data-waiting', String(pendingA));
  await expect(status).toHaveAttribute('data-rejected', '0');
  expect((await ownStatements(page.request, meB.agent, attemptB)).length).toBeGreaterThan(0);
  expect(await allStatements(request, attemptA)).toHaveLength(sentOnline);

  // B signs out; A signs in again: A's records go out, once, as A's.
  await (await accountMenu(page)).locator('button.sign-out').click();
  await expect(page.locator('.user-menu')).toHaveAttribute('data-signed-in', 'false');
  await signIn(page, learnerA);
  await expect(status).toHaveAttribute('data-sync-state', 'synced');
  await expect(status).toHaveAttribute('data-pending', '0');
  await expect(status).toHaveAttribute('data-waiting', '0');
  await expect(status).toHaveAttribute('data-rejected', '0');
  // The status can read "synced" for a moment after sign-in, before A's kept records are queued:
  // wait for the server to hold them all (a lost record fails here, once the wait runs out).
  const expectedA = expectedStatementKeys(logA, 'practice', meA.agent as XapiAgent);
  await expect
    .poll(async () => (await ownStatements(page.request, meA.agent, attemptA)).map(statementKey).sort(), { timeout: 30_000 })
    .toEqual(expectedA);
  await expect(status).toHaveAttribute('data-pending', '0');
  const stored = await ownStatements(page.request, meA.agent, attemptA);
  expect(new Set(stored.map((s) => s.id)).size).toBe(stored.length);
  expect(stored.map(statementKey).sort()).toEqual(expectedA);
  const everyone = await allStatements(request, attemptA);
  expect(everyone).toHaveLength(stored.length);
  expect(new Set(everyone.map((s) => s.actor.account?.name))).toEqual(new Set([learnerA.username]));
});
