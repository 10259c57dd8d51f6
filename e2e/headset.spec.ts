// The headset path in an emulated Quest 3: enter VR, select hotspots and panel buttons with a
// controller ray, grab cards and drop them into bins, and finish a whole scene.
import { ALGORITHM_PASSING } from './fixtures/algorithm-ethics-paths.ts';
import { PASSING } from './fixtures/data-security-paths.ts';
import { playStepXr } from './fixtures/drive.ts';
import { GOVERNANCE_PASSING } from './fixtures/governance-paths.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

test.use({ viewport: RENDER_VIEWPORT });

test('in a headset a learner selects hotspots, grabs cards into bins and finishes a scene', async ({ app, saveArtifact }) => {
  test.setTimeout(300_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  await saveArtifact('headset-clean-desk');

  // Point at a hazard, pick the fix on the panel, carry on.
  await headset.select('hotspot:unlocked-pc');
  await app.poll(() => app.has('fixes:lock-screen')).toBe(true);
  await headset.select('fixes:lock-screen');
  await app.poll(async () => (await app.state()).draft?.found).toEqual({ 'unlocked-pc': 'lock-screen' });
  await headset.select('fixes:continue');
  await headset.select('hotspot:unknown-usb');
  await headset.select('fixes:hand-to-security');
  await app
    .poll(async () => (await app.state()).draft?.found)
    .toEqual({ 'unlocked-pc': 'lock-screen', 'unknown-usb': 'hand-to-security' });

  // The rest of the first scene is covered on desktop; jump to the data room.
  await app.skipSteps(2);
  await app.expectStep('sort-cards');
  await app.frames(5);
  await saveArtifact('headset-grade-data');
  const plan = PASSING['sort-cards'];
  if (plan.type !== 'classify') throw new Error('plan changed');
  for (const [item, bin] of Object.entries(plan.placements)) await headset.grabTo(`item:${item}`, `bin:${bin}`);
  await app.poll(async () => (await app.state()).draft).toEqual({ type: 'classify', placements: plan.placements });
  await headset.select('classify:submit');
  await app.poll(async () => (await app.state()).phase).toBe('evaluated');
  await headset.select('feedback:next');
  await app.expectStep('who-decides');
  await headset.select('choice:follow-catalogue');
  await headset.select('choice:submit');
  await headset.select('feedback:next');
  await app.expectStep('pick-columns');

  const records = (await app.state()).records.filter((r) => r.sceneId === 'grade-data');
  expect(records.map((r) => [r.stepId, r.result.score, r.result.max])).toEqual([
    ['sort-cards', 27, 27],
    ['who-decides', 4, 4],
  ]);
  expect(await headset.presenting()).toBe(true);
});

test('in a headset a learner runs the algorithm check-up lab: removes the proxy, answers, passes it', async ({
  app,
  saveArtifact,
}) => {
  test.setTimeout(240_000);
  await app.openCourse('algorithm-ethics');
  const headset = new Headset(app);
  await headset.enter();
  await app.expectStep('proxy-lab');
  await saveArtifact('headset-lab-before');
  await playStepXr(app, headset, ALGORITHM_PASSING['proxy-lab']);
  await app.expectStep('base-rate');
  const record = (await app.state()).records.find((r) => r.stepId === 'proxy-lab')!;
  expect([record.result.score, record.result.max]).toEqual([20, 20]);
  expect(await headset.presenting()).toBe(true);
});

test('in a headset a learner makes the branching decisions of the stale-record case', async ({ app, saveArtifact }) => {
  test.setTimeout(240_000);
  await app.openCourse('governance');
  const headset = new Headset(app);
  await headset.enter();
  await app.expectStep('window-case');
  await playStepXr(app, headset, GOVERNANCE_PASSING['window-case']);
  await app.expectStep('checkup-plan');
  await playStepXr(app, headset, GOVERNANCE_PASSING['checkup-plan']);
  await app.expectStep('contain-leak');
  await saveArtifact('headset-leak-response');
  const records = (await app.state()).records.filter((r) => r.sceneId === 'stale-record');
  expect(records.map((r) => [r.stepId, r.result.score, r.result.max])).toEqual([
    ['window-case', 20, 20],
    ['checkup-plan', 6, 6],
  ]);
});
