// A signed-in learner takes the data-security assessment through the DOM panel: the browser holds
// only the public view, the server grades the action log, and the official result is the server's.
// No response the page receives carries answer keys; a forged xAPI statement and an answer edited
// after grading change nothing.
import { CSRF_HEADERS, createUser, signIn } from './fixtures/accounts.ts';
import {
  ANSWER_KEY_FIELDS,
  answerKeyTexts,
  attemptIdOf,
  attemptLogOf,
  attemptTicket,
  attemptView,
  fullCourse,
  playSteps,
  startAssessment,
  type AttemptViewBody,
} from './fixtures/assessment.ts';
import { PASSING, STEP_ORDER } from './fixtures/data-security-paths.ts';
import { drawCourse, isDrawn } from '../src/engine/draw.ts';
import { expect, test } from './fixtures/index.ts';

const COURSE = 'data-security';
const COURSE_IRI = `https://id.shixun.local/xapi/courses/${COURSE}`;

test('an assessment is graded by the server from the public view, and nothing the page receives gives the answers away', async ({
  app,
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const learner = await createUser(request, { role: 'learner', name: 'Zhao Min' });
  const received: Promise<{ url: string; body: string } | null>[] = [];
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('response', (response) => {
    received.push(
      response.body().then(
        (body) => ({ url: response.url(), body: body.toString('utf8') }),
        () => null, // redirects and aborted requests have no body
      ),
    );
  });

  await page.goto('/?lang=zh-CN');
  const me = await signIn(page, learner);
  await startAssessment(app, COURSE);
  const attemptId = await attemptIdOf(page);
  // Every feedback the task panel shows, as it appears: where its grading came from and its score line.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __feedbackSeen: string[] }).__feedbackSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.step-feedback'))
        seen.push(`${el.getAttribute('data-grading')}|${el.querySelector('[data-testid="step-score"]')?.textContent ?? ''}`);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });

  // First scene.
  await playSteps(app, STEP_ORDER.slice(0, 2), PASSING);

  // A forged statement through the learner's own xAPI access (their actor, this registration,
  // verb passed, full score) while the attempt is in progress: the attempt is not finished by it.
  const forged = (verb: 'passed' | 'failed', scaled: number) => ({
    actor: me.agent,
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { objectType: 'Activity', id: COURSE_IRI },
    result: { score: { scaled, raw: scaled * 100, min: 0, max: 100 }, success: verb === 'passed', completion: true },
    context: { registration: attemptId },
  });
  const forge = async (verb: 'passed' | 'failed', scaled: number) => {
    const response = await page.request.post('/xapi/statements', {
      headers: { ...CSRF_HEADERS, 'X-Experience-API-Version': '2.0.0' },
      data: forged(verb, scaled),
    });
    expect(response.status(), await response.text()).toBe(200);
  };
  await forge('passed', 1);
  const midway = await attemptView(page.request, attemptId);
  expect(midway).toMatchObject({ status: 'in-progress', official: null });

  // The rest of the course.
  await playSteps(app, STEP_ORDER.slice(2), PASSING);
  const results = page.locator('main.results');
  await expect(results).toHaveAttribute('data-mode', 'assessment');
  await expect(results).toHaveAttribute('data-official', 'true');
  await expect(results).toHaveAttribute('data-score', '100');
  await expect(results).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('score-line')).toContainText('100 / 100');
  await expect(results.locator('details')).toHaveCount(STEP_ORDER.length);
  await expect(page.locator('.sync-status')).toHaveAttribute('data-sync-state', 'synced');

  const official = await attemptView(page.request, attemptId);
  expect(official.status).toBe('finished');
  expect(official.official).toMatchObject({ score: 100, max: 100, scaled: 1, passed: true });
  expect(official.received).toBe((await attemptLogOf(page)).length);
  // The page played the version of each step with variants that its attempt drew, and the server
  // graded that version: the best option of the drawn version earned the full marks.
  const drawnSteps = drawCourse(fullCourse(COURSE), attemptId).scenes.flatMap((scene) => scene.steps);
  const withVariants = fullCourse(COURSE).scenes.flatMap((scene) => scene.steps.filter((step) => isDrawn(step)));
  expect(withVariants.length).toBeGreaterThan(0);
  for (const step of withVariants) {
    const drawn = drawnSteps.find((candidate) => candidate.id === step.id);
    const best = drawn?.type === 'choice' ? drawn.options.reduce((a, b) => (b.points > a.points ? b : a)).id : null;
    const graded = official.steps.find((graded) => graded.stepId === step.id);
    expect(
      graded?.result.lines.map((line) => line.ref),
      `${step.id} graded on the drawn version`,
    ).toEqual([best]);
  }

  // Forged statements after the finish change nothing either.
  await forge('failed', 0);
  expect((await attemptView(page.request, attemptId)).official).toEqual(official.official);
  const results2 = await page.request.get(`/api/v1/results?user=${encodeURIComponent(learner.username)}`);
  expect(results2.status()).toBe(200);
  const mine = ((await results2.json()) as { results: AttemptViewBody[] }).results.find((r) => r.attemptId === attemptId);
  expect(mine?.official).toEqual(official.official);

  // An answer edited after grading: the server refuses it and keeps the result.
  const log = await attemptLogOf(page);
  const firstRespond = log.findIndex((a) => a.kind === 'respond');
  const edited = log.map((a, i) =>
    i === firstRespond && a.kind === 'respond' ? { ...a, response: { type: 'inspect', found: {} } } : a,
  );
  const start = log[0]!;
  if (start.kind !== 'start') throw new Error('the log does not begin with start');
  const put = await page.request.put(`/api/v1/attempts/${attemptId}/actions`, {
    headers: CSRF_HEADERS,
    data: { courseId: start.courseId, courseVersion: start.courseVersion, from: 0, actions: edited },
  });
  expect(put.status(), await put.text()).toBe(409);
  expect(((await put.json()) as { message: string }).message).toMatch(/cannot change/);
  expect((await attemptView(page.request, attemptId)).official).toEqual(official.official);

  // What reached the page: the public view, never the full course.
  expect(requested.filter((url) => url.includes('course-full-'))).toEqual([]);
  expect(requested.some((url) => url.includes(`course-public-${COURSE}-`))).toBe(true);
  const bodies = (await Promise.all(received)).filter((b): b is { url: string; body: string } => b !== null);
  const keyTexts = answerKeyTexts(fullCourse(COURSE));
  expect(keyTexts.length).toBeGreaterThan(40);
  const finalLog = await attemptLogOf(page);
  for (const { url, body } of bodies) {
    const path = new URL(url).pathname;
    if (path.startsWith('/api/v1/attempts/')) {
      // Nothing graded while the attempt runs; every step's grading once it has finished.
      const view = JSON.parse(body) as AttemptViewBody;
      const submitted = finalLog.slice(0, view.received).filter((a) => a.kind === 'submit').length;
      if (view.status === 'in-progress') {
        expect(view.steps, `${path} shows no grading while the attempt runs`).toEqual([]);
        expect(view.official).toBeNull();
        expect(body, `${path} carries no verdict while the attempt runs`).not.toMatch(/"(verdict|score|lines|points)"/);
      } else expect(view.steps.length, `${path} grades the submitted steps`).toBe(submitted);
      continue;
    }
    expect(ANSWER_KEY_FIELDS.exec(body)?.[0] ?? null, `answer-key field in ${path}`).toBeNull();
    for (const text of keyTexts) expect(body.includes(text), `"${text.slice(0, 40)}" in ${path}`).toBe(false);
  }
  expect(bodies.length).toBeGreaterThan(10);
  // The task panel never showed a score during the assessment: every feedback was "answer recorded".
  const seen = await page.evaluate(() => (window as unknown as { __feedbackSeen: string[] }).__feedbackSeen);
  expect(seen.length).toBeGreaterThan(0);
  for (const entry of new Set(seen)) expect(entry).toBe('pending|');
});

test('signed out, the catalog offers to sign in for the assessment, and the assessment page asks for it', async ({ page }) => {
  await page.goto('/?lang=en');
  const link = page.locator('[data-course="data-security"] a[data-mode="assessment-sign-in"]');
  await expect(link).toContainText('Sign in to take the assessment');
  expect(new URL((await link.getAttribute('href')) ?? '', 'http://x').searchParams.get('page')).toBe('sign-in');
  await page.goto('/?course=data-security&mode=assessment&lang=en');
  await expect(page.locator('main')).toContainText('Sign in first');
});

test('the catalog shows the assessment starts left, says timed steps need the network, and offers no start once they are used', async ({
  page,
  request,
}) => {
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?lang=en');
  await signIn(page, learner);
  const governance = page.locator('[data-course="governance"]');
  const note = governance.getByTestId('assessment-allowance');
  await expect(note).toContainText('10 of 10 starts left in the last 30 days');
  await expect(governance.getByTestId('timed-needs-network')).toContainText("timed on the server's clock");
  await expect(page.locator('[data-course="data-security"]').getByTestId('assessment-allowance')).toBeVisible();
  await expect(page.locator('[data-course="data-security"]').getByTestId('timed-needs-network')).toHaveCount(0);

  // Ten starts, each abandoned at once: every one counts (the e2e server allows 10 per 30 days).
  const version = fullCourse('governance').version;
  const start = (attemptId: string) =>
    page.request.put(`/api/v1/attempts/${attemptId}/actions`, {
      headers: CSRF_HEADERS,
      data: {
        courseId: 'governance',
        courseVersion: version,
        from: 0,
        actions: [
          { kind: 'start', at: Date.now(), attemptId, courseId: 'governance', courseVersion: version, mode: 'assessment' },
        ],
      },
    });
  // The governance course draws steps: each start takes the learner's next attempt ticket.
  for (let index = 0; index < 10; index += 1)
    expect((await start(await attemptTicket(page.request, 'governance'))).status()).toBe(200);
  const refused = await start(await attemptTicket(page.request, 'governance'));
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { message: string }).message).toMatch(/started 10 assessments of "governance"/);

  await page.reload();
  await expect(note).toContainText('All 10 assessment starts of the last 30 days are used');
  await expect(governance.locator('button[data-mode="assessment"]')).toBeDisabled();
  // Practice stays open.
  await expect(governance.locator('button[data-mode="practice"]')).toBeEnabled();
});

test('an assessment shows the version of a step its attempt drew, and the same one after a reload', async ({
  app,
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?lang=en');
  await signIn(page, learner);
  await startAssessment(app, COURSE);
  const attemptId = await attemptIdOf(page);
  await app.skipSteps(STEP_ORDER.indexOf('mask-format'));
  await app.expectStep('mask-format');
  const drawn = drawCourse(fullCourse(COURSE), attemptId)
    .scenes.flatMap((scene) => scene.steps)
    .find((step) => step.id === 'mask-format');
  const expected = drawn?.type === 'choice' ? drawn.options.map((option) => option.id).sort() : [];
  const shown = () =>
    page
      .locator('.task-panel input[name="choice-mask-format"]')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).sort());
  expect(expected.length).toBeGreaterThan(1);
  expect(await shown()).toEqual(expected);
  await page.reload();
  await app.waitForScene();
  await app.expectStep('mask-format');
  expect(await attemptIdOf(page)).toBe(attemptId);
  expect(await shown()).toEqual(expected);
});
