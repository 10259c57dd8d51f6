// The same widgets with a finger on a touch screen and with tracked hands in the headset: every
// widget family played to full marks with a hand that pinches (ray) and one that pokes
// (fingertip), no controller.
import { ALGORITHM_PASSING, ALGORITHM_STEPS } from './fixtures/algorithm-ethics-paths.ts';
import type { AttemptSnapshot, ShixunApp } from './fixtures/app.ts';
import { STEP_ORDER } from './fixtures/data-security-paths.ts';
import { GOVERNANCE_PASSING, GOVERNANCE_STEPS } from './fixtures/governance-paths.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

// The headset journeys render at RENDER_VIEWPORT; the touch screen test keeps its tablet's viewport.
test.use({ viewport: RENDER_VIEWPORT });

test.describe('touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 } });

  test('a learner on a tablet taps a hazard and taps the fix', async ({ app, page, saveArtifact }) => {
    await app.openCourse('data-security');
    const tap = async (id: string) => {
      const point = await app.hook((h, target) => h.findClickPoint(target), id);
      expect(point, `${id} is on screen`).not.toBeNull();
      await page.touchscreen.tap(point!.x, point!.y);
      await app.frames(3);
    };
    await tap('hotspot:unlocked-pc');
    await app.poll(() => app.has('fixes:lock-screen')).toBe(true);
    await tap('fixes:lock-screen');
    await app.poll(async () => (await app.state()).draft?.found).toEqual({ 'unlocked-pc': 'lock-screen' });
    await saveArtifact('touch-tablet-clean-desk');
  });
});

// Tracked hands, one test per widget family (src/scenes/widgets): the widgets of a family share
// one input path, so a hand that works on one works on all of them.
// - Props (inspect hotspots: an Interactive on the prop's hit box) and the panel they open.
// - Panel buttons (Panel3D: choice, dialogue, lab, timed, feedback, submit and next all use the
//   same Interactive button); dialogue, lab and timed steps are played to full marks with the
//   controller ray in e2e/headset.spec.ts and with the mouse in e2e/course-journeys.spec.ts.
// - Cards (card.tsx in an Interactive item: classify cards into bins, sequence cards onto cards);
//   the sequence's card-onto-card drop is played with the controller in e2e/headset.spec.ts and
//   with the mouse in the course journeys.
// Each family is played with a hand that pokes (fingertip) and with one that pinches (ray), to a
// step's full marks, with Next pressed by hand too.

async function skipTo(app: ShixunApp, steps: readonly string[], step: string) {
  const index = steps.indexOf(step);
  if (index < 0) throw new Error(`no step "${step}" in the path fixture`);
  await app.skipSteps(index);
  await app.expectStep(step);
}

/** The step's record has full marks, and the step is behind us (Next was pressed by hand too). */
async function expectFullMarksAndMovedOn(app: ShixunApp, headset: Headset, step: string, at: AttemptSnapshot) {
  await app.poll(async () => (await app.state()).records.some((r) => r.stepId === step)).toBe(true);
  const record = (await app.state()).records.find((r) => r.stepId === step)!;
  expect(record.result.max).toBeGreaterThan(0);
  expect(record.result.score).toBe(record.result.max);
  await app
    .poll(async () => {
      const now = await app.state();
      return now.status === 'finished' || now.sceneIndex !== at.sceneIndex || now.stepIndex !== at.stepIndex;
    })
    .toBe(true);
  expect(await headset.inputMode()).toBe('hand');
}

test('in a headset a learner plays an inspect step to full marks with a tracked hand: pinching some hotspots and fixes, poking the rest', async ({
  app,
}) => {
  test.setTimeout(300_000);
  const step = 'spot-signs';
  const plan = ALGORITHM_PASSING[step];
  if (plan.type !== 'inspect') throw new Error('plan changed');
  await app.openCourse('algorithm-ethics');
  await skipTo(app, ALGORITHM_STEPS, step);
  const headset = new Headset(app);
  await headset.enter();
  const at = await app.state();
  const fixes = Object.entries(plan.fixes);
  for (const [i, [hotspot, fix]] of fixes.entries()) {
    // The first half pinched (ray), the rest poked (fingertip).
    await headset.useHands(true, i < fixes.length / 2 ? 'pinch' : 'poke');
    await headset.select(`hotspot:${hotspot}`);
    await app.poll(() => app.has(`fixes:${fix}`)).toBe(true);
    await headset.select(`fixes:${fix}`);
    await app.poll(async () => (await app.state()).draft?.found?.[hotspot]).toBe(fix);
    await headset.select('fixes:continue');
  }
  await headset.select('inspect:finish');
  await headset.select('feedback:next');
  await expectFullMarksAndMovedOn(app, headset, step, at);
});

test('in a headset a learner completes a step with a tracked hand, poking the options, Submit and Next with a fingertip', async ({
  app,
}) => {
  test.setTimeout(240_000);
  await app.openCourse('data-security');
  await skipTo(app, STEP_ORDER, 'who-decides');
  const headset = new Headset(app);
  await headset.enter();
  await headset.useHands(true, 'poke');
  const at = await app.state();
  await headset.select('choice:follow-catalogue');
  await app.poll(async () => (await app.state()).draft).toEqual({ type: 'choice', selected: ['follow-catalogue'] });
  await headset.select('choice:submit');
  await app.poll(async () => (await app.state()).phase).toBe('evaluated');
  await headset.select('feedback:next');
  await app.expectStep('pick-columns');
  const record = (await app.state()).records.find((r) => r.stepId === 'who-decides')!;
  expect([record.result.score, record.result.max]).toEqual([4, 4]);
  await expectFullMarksAndMovedOn(app, headset, 'who-decides', at);
});

test('in a headset a learner sorts cards into bins to full marks with a tracked hand: poking some cards, pinching the rest', async ({
  app,
}) => {
  test.setTimeout(360_000);
  const step = 'field-sort';
  const plan = GOVERNANCE_PASSING[step];
  if (plan.type !== 'classify') throw new Error('plan changed');
  await app.openCourse('governance');
  await skipTo(app, GOVERNANCE_STEPS, step);
  const headset = new Headset(app);
  await headset.enter();
  const at = await app.state();
  const placements = Object.entries(plan.placements);
  for (const [i, [item, bin]] of placements.entries()) {
    // The first half poked (a card picked up and put down by fingertip), the rest pinched.
    await headset.useHands(true, i < placements.length / 2 ? 'poke' : 'pinch');
    await headset.grabTo(`item:${item}`, `bin:${bin}`);
  }
  await app.poll(async () => (await app.state()).draft).toEqual({ type: 'classify', placements: plan.placements });
  await headset.useHands(true, 'poke');
  await headset.select('classify:submit');
  await headset.select('feedback:next');
  await expectFullMarksAndMovedOn(app, headset, step, at);
});
