// The same widgets with a finger on a touch screen and with tracked hands in the headset: every
// widget kind played to full marks with a hand that pinches (ray) or pokes (fingertip), no controller.
import { ALGORITHM_PASSING, ALGORITHM_STEPS } from './fixtures/algorithm-ethics-paths.ts';
import type { ShixunApp } from './fixtures/app.ts';
import { PASSING, STEP_ORDER, type StepPlan } from './fixtures/data-security-paths.ts';
import { playStepXr } from './fixtures/drive.ts';
import { GOVERNANCE_PASSING, GOVERNANCE_STEPS } from './fixtures/governance-paths.ts';
import { expect, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

test.describe('touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 } });

  test('a learner on a tablet taps a hazard and taps the fix', async ({ app, page, saveArtifact }) => {
    await app.openCourse('data-security');
    const tap = async (id: string) => {
      const point = await page.evaluate((target) => window.__shixunTest.findClickPoint(target), id);
      expect(point, `${id} is on screen`).not.toBeNull();
      await page.touchscreen.tap(point!.x, point!.y);
      await app.frames(3);
    };
    await tap('hotspot:unlocked-pc');
    await expect.poll(() => page.evaluate(() => window.__shixunTest.focus?.getState().items.has('fixes:lock-screen'))).toBe(true);
    await tap('fixes:lock-screen');
    await expect.poll(async () => (await app.state()).draft?.found).toEqual({ 'unlocked-pc': 'lock-screen' });
    await saveArtifact('touch-tablet-clean-desk');
  });
});

test('in a headset a learner pinches with a tracked hand to act on hotspots and panels', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  await headset.useHands(true);
  await headset.pinch('hotspot:unknown-usb');
  await expect.poll(() => page.evaluate(() => window.__shixunTest.focus?.getState().items.has('fixes:hand-to-security'))).toBe(true);
  await headset.pinch('fixes:hand-to-security');
  await expect.poll(async () => (await app.state()).draft?.found).toEqual({ 'unknown-usb': 'hand-to-security' });
});

/** Each widget kind, the course and step that has it, and how the hand acts on it. */
const HAND_CASES: { kind: StepPlan['type']; course: string; steps: readonly string[]; step: string; plan: StepPlan; input: 'pinch' | 'poke' }[] = [
  { kind: 'inspect', course: 'algorithm-ethics', steps: ALGORITHM_STEPS, step: 'spot-signs', plan: ALGORITHM_PASSING['spot-signs'], input: 'poke' },
  { kind: 'choice', course: 'data-security', steps: STEP_ORDER, step: 'phishing-followup', plan: PASSING['phishing-followup'], input: 'poke' },
  { kind: 'classify', course: 'governance', steps: GOVERNANCE_STEPS, step: 'field-sort', plan: GOVERNANCE_PASSING['field-sort'], input: 'poke' },
  { kind: 'sequence', course: 'data-security', steps: STEP_ORDER, step: 'publish-workflow', plan: PASSING['publish-workflow'], input: 'pinch' },
  { kind: 'dialogue', course: 'data-security', steps: STEP_ORDER, step: 'vendor-talk', plan: PASSING['vendor-talk'], input: 'poke' },
  { kind: 'lab', course: 'algorithm-ethics', steps: ALGORITHM_STEPS, step: 'proxy-lab', plan: ALGORITHM_PASSING['proxy-lab'], input: 'poke' },
  { kind: 'timed', course: 'governance', steps: GOVERNANCE_STEPS, step: 'contain-leak', plan: GOVERNANCE_PASSING['contain-leak'], input: 'pinch' },
];

async function skipTo(app: ShixunApp, steps: readonly string[], step: string) {
  const index = steps.indexOf(step);
  if (index < 0) throw new Error(`no step "${step}" in the path fixture`);
  await app.skipSteps(index);
  await app.expectStep(step);
}

for (const { kind, course, steps, step, plan, input } of HAND_CASES) {
  test(`in a headset a learner plays a ${kind} step to full marks with a tracked hand that ${input === 'poke' ? 'pokes' : 'pinches'}`, async ({ app, page }) => {
    test.setTimeout(420_000);
    await app.openCourse(course);
    await skipTo(app, steps, step);
    const headset = new Headset(app);
    await headset.enter();
    await headset.useHands(true, input);
    const at = await app.state();
    await playStepXr(app, headset, plan);
    await expect.poll(async () => (await app.state()).records.some((r) => r.stepId === step)).toBe(true);
    const record = (await app.state()).records.find((r) => r.stepId === step)!;
    expect(record.result.max).toBeGreaterThan(0);
    expect(record.result.score).toBe(record.result.max);
    // Next (a panel button) was pressed by hand too: the step is behind us (or the course is done).
    await expect.poll(async () => {
      const now = await app.state();
      return now.status === 'finished' || now.sceneIndex !== at.sceneIndex || now.stepIndex !== at.stepIndex;
    }).toBe(true);
    expect(await page.evaluate(() => (window.__shixunTest.xrDevice as { primaryInputMode: string }).primaryInputMode)).toBe('hand');
  });
}
