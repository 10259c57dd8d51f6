// A Shixun course launched by an LMS with cmi5, against Shixun's own LRS as the LMS's LRS (so
// nothing leaves the host): the page fetches its token, reads LMS.LaunchData and the learner's
// language preference, plays the course and sends initialized, completed, passed and terminated,
// in order, with the launch's registration, session id and context template; the statements satisfy the cmi5 rules checker; leaving goes
// to the LMS's returnURL. Browse and Review launches record no judgement.
import { CMI5_CATEGORY, CMI5_EXTENSIONS, MOVEON_CATEGORY } from '../src/records/cmi5.ts';
import { checkCmi5Session } from '../src/records/cmi5-rules.ts';
import { adminRequest, createUser } from './fixtures/accounts.ts';
import { prepareLaunch, setLearnerPreferences, statementsOf, verbNames } from './fixtures/cmi5-lms.ts';
import { expect, test } from './fixtures/index.ts';
import type { ShixunApp } from './fixtures/app.ts';

const COURSE = 'data-security';

/** Plays the rest of the course through the test hook, with the same sample answers every time. */
async function finishCourse(app: ShixunApp, back = 'Back to courses') {
  await app.waitForScene();
  await app.hook((h) => {
    for (let i = 0; i < 200 && h.attempt!.getState().status !== 'finished'; i++) h.skipStep!();
  });
  await app.page.getByRole('button', { name: back }).waitFor();
}

test('an LMS launches a course with cmi5: token once, LaunchData, the cmi5 statements in order, then back to the LMS', async ({
  app,
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const admin = await adminRequest(request);
  const learner = await createUser(request, { role: 'learner', name: '蔡学员' });
  const returnURL = '/?page=my-training&from=lms';
  // The LMS's masteryScore (0.3) rules, not the course's own (0.7): the played answers score 0.378.
  const launch = await prepareLaunch(admin, {
    courseId: COURSE,
    username: learner.username,
    launchMode: 'Normal',
    masteryScore: 0.3,
    returnURL,
  });

  // The learner prefers Chinese at the LMS: the page switches to it from the English it opened in.
  await setLearnerPreferences(admin, launch, 'fr-FR,zh-CN,en-US');
  await page.goto(`${launch.launchUrl}&lang=en`);
  await finishCourse(app, '返回课程列表');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect
    .poll(async () => verbNames(await statementsOf(admin, launch.registration)))
    .toEqual(['launched', 'initialized', 'completed', 'passed', 'terminated']);
  const statements = await statementsOf(admin, launch.registration);
  expect(
    checkCmi5Session(statements, {
      registration: launch.registration,
      activityId: launch.activityId,
      actorAccount: learner.username,
      sessionId: launch.sessionId,
      launchMode: 'Normal',
      moveOn: 'CompletedAndPassed',
      masteryScore: 0.3,
    }),
  ).toEqual([]);
  const passed = statements[3]!;
  expect(passed.result).toMatchObject({ success: true });
  expect(passed.result?.score?.scaled).toBeGreaterThanOrEqual(0.3);
  expect(passed.result?.score?.scaled).toBeLessThan(0.7);
  expect(passed.context.extensions).toMatchObject({
    [CMI5_EXTENSIONS.sessionId]: launch.sessionId,
    [CMI5_EXTENSIONS.masteryScore]: 0.3,
  });
  // The context template's grouping (the course) is kept, and the categories added.
  expect(passed.context.contextActivities?.['grouping']?.map((a) => a.id)).toEqual([launch.activityId.replace(/\/au$/, '')]);
  expect(passed.context.contextActivities?.['category']?.map((a) => a.id)).toEqual([CMI5_CATEGORY, MOVEON_CATEGORY]);

  // The fetch URL was used: a second call is the spec's error, never the token.
  const again = await request.post(launch.fetchUrl);
  expect(await again.json()).toMatchObject({ 'error-code': '1' });

  // Leaving goes to the LMS's returnURL, and no statement follows terminated.
  await page.getByRole('button', { name: '返回课程列表' }).click();
  await expect(page).toHaveURL(/page=my-training&from=lms/);
  expect(verbNames(await statementsOf(admin, launch.registration))).toHaveLength(5);

  // Opening the used launch again (a reload, a bookmark) cannot get a token: the page says to relaunch from the LMS.
  await page.goto(launch.launchUrl);
  await expect(page.locator('main.error')).toContainText('Launch the course again from the LMS');
  expect(verbNames(await statementsOf(admin, launch.registration))).toHaveLength(5);
});

test('Browse and Review launches record no completed, passed or failed', async ({ app, page, request }) => {
  test.setTimeout(90_000);
  const admin = await adminRequest(request);
  const learner = await createUser(request, { role: 'learner', name: '浏览学员' });
  for (const launchMode of ['Browse', 'Review'] as const) {
    const launch = await prepareLaunch(admin, { courseId: COURSE, username: learner.username, launchMode });
    await page.goto(`${launch.launchUrl}&lang=en`);
    await finishCourse(app);
    await expect
      .poll(async () => verbNames(await statementsOf(admin, launch.registration)), { message: launchMode })
      .toEqual(['launched', 'initialized', 'terminated']);
    const statements = await statementsOf(admin, launch.registration);
    expect(
      checkCmi5Session(statements, {
        registration: launch.registration,
        activityId: launch.activityId,
        actorAccount: learner.username,
        sessionId: launch.sessionId,
        launchMode,
        moveOn: 'CompletedAndPassed',
        masteryScore: 0.7,
      }),
      launchMode,
    ).toEqual([]);
  }
});
