// The play page as a product: a timed step opens on its briefing and its clock runs only from
// Start (DOM panel and headset); the headset's feedback panel pages through every feedback entry
// in full; and the 3D view fills the window beside the task panel at every common size, so only
// the panel scrolls, never the page.
import type { Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config.ts';
import { createUser, signIn, signInThroughForm, uniqueUsername } from './fixtures/accounts.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';
import type { ShixunApp } from './fixtures/app.ts';
import { Headset } from './fixtures/xr.ts';

/** The texts of a 3D panel (title, body, button labels), as the learner reads them. */
function panelTexts(app: ShixunApp, panelId: string): Promise<string[]> {
  return app.hook((h, id) => {
    const group = h.scene?.getObjectByName(`panel:${id}`);
    const texts: string[] = [];
    group?.traverse((object) => {
      const text = (object as { text?: unknown }).text;
      if (typeof text === 'string' && text !== '') texts.push(text);
    });
    return texts;
  }, panelId);
}

test.describe('a timed step starts when the learner is ready', () => {
  test.use({ viewport: RENDER_VIEWPORT });

  test('the briefing comes first, the clock stands still until Start, and Start works from the keyboard', async ({
    app,
    page,
    saveArtifact,
  }) => {
    test.setTimeout(180_000);
    await app.openCourse('governance', 'en');
    await app.skipSteps(2);
    await app.expectStep('contain-leak');
    const panel = page.locator('.task-panel');
    await expect(panel.getByTestId('timed-briefing')).toBeVisible();
    await expect(panel.getByTestId('timed-remaining')).toHaveText('03:00 limit · not started');
    // No action to take before Start, in the DOM or in 3D.
    await expect(panel.locator('[data-action-id]')).toHaveCount(0);
    expect(await app.has('timed:contain')).toBe(false);
    expect(await app.has('timed:start')).toBe(true);
    expect((await panelTexts(app, 'timed-status')).join(' ')).toContain('not started');
    await saveArtifact('play-timed-briefing');
    // Time passes while the learner reads: the clock does not move and nothing is recorded.
    await page.waitForTimeout(2_500);
    await app.frames(3);
    await expect(panel.getByTestId('timed-remaining')).toHaveText('03:00 limit · not started');
    expect((await app.state()).draft).toEqual({ type: 'timed', done: [], endedMs: null });

    await panel.locator('[data-action="timed-start"]').focus();
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('timed-remaining')).toHaveText(/^0[23]:\d\d left$/);
    const draft = (await app.state()).draft as { startedMs?: number };
    // Start is stamped when it was pressed, after the reading time.
    expect(draft.startedMs).toBeGreaterThanOrEqual(2_500);
    await expect(panel.locator('[data-action-id="contain"]')).toBeVisible();
    await app.poll(() => app.has('timed:contain')).toBe(true);
    await saveArtifact('play-timed-running');
  });

  test('in a headset: Start with the controller, act, and read all eleven feedback entries page by page', async ({
    app,
    page,
    saveArtifact,
  }) => {
    test.setTimeout(300_000);
    await app.openCourse('governance', 'en');
    await app.skipSteps(2);
    await app.expectStep('contain-leak');
    const headset = new Headset(app);
    await headset.enter();
    await saveArtifact('headset-timed-briefing');
    expect((await app.state()).draft).toEqual({ type: 'timed', done: [], endedMs: null });
    await headset.select('timed:start');
    await app.poll(async () => typeof ((await app.state()).draft as { startedMs?: number }).startedMs).toBe('number');
    // Five of the six good actions, one that does nothing and one that does harm: eleven feedback lines.
    for (const action of ['contain', 'preserve', 'report', 'assess', 'notify', 'warn-only', 'dissolve-group']) {
      await headset.select(`timed:${action}`);
      await app.poll(async () => JSON.stringify((await app.state()).draft)).toContain(`"${action}"`);
    }
    await headset.select('timed:stop');
    await app.poll(async () => (await app.state()).phase).toBe('evaluated');
    const expected = await app.hook((h) =>
      h
        .attempt!.getState()
        .records.find((r) => r.stepId === 'contain-leak')!
        .result.lines.map((line) => line.text.en),
    );
    expect(expected).toHaveLength(11);
    // The DOM panel lists the same eleven.
    await expect(page.locator('.step-feedback [data-verdict]')).toHaveCount(11);

    const read: string[] = [];
    for (let page = 1; page <= 4; page++) {
      await app.poll(async () => (await panelTexts(app, 'feedback')).join('\n')).toContain(`Items ${(page - 1) * 3 + 1}–`);
      const texts = await panelTexts(app, 'feedback');
      const body = texts.find((text) => text.startsWith('Items '))!;
      expect(body).not.toMatch(/[…⋯]$/m);
      read.push(
        ...body
          .split('\n')
          .slice(1)
          .map((line) => line.replace(/^[✓△×○→] /, '')),
      );
      if (page === 2) await saveArtifact('headset-feedback-page-2');
      if (page < 4) await headset.select('feedback:next-page');
    }
    expect(read).toEqual(expected);
    // Back one page, and on to the next step.
    await headset.select('feedback:prev-page');
    await app.poll(async () => (await panelTexts(app, 'feedback')).join('\n')).toContain('Items 7–9 of 11');
    await headset.select('feedback:next');
    await app.expectStep('notice-content');
  });
});

test('an admin grants a learner ×1.5 extra time on the Users page; their timed step gives 4:30', async ({
  app,
  page,
  request,
  saveArtifact,
}) => {
  test.setTimeout(180_000);
  const learner = await createUser(request, { role: 'learner', username: uniqueUsername('xt'), name: 'Extra Time' });
  await signInThroughForm(page, E2E_ADMIN);
  await page.locator('.user-menu').getByRole('link', { name: 'Admin console' }).click();
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search', { exact: true }).fill(learner.username);
  const actions = page.getByRole('group', { name: new RegExp(learner.username) });
  await actions.getByTestId('extra-time').selectOption('1.5');
  await expect(page.getByText(`${learner.username} now has ×1.5 time on timed steps`)).toBeVisible();
  await expect(actions.getByTestId('extra-time')).toHaveValue('1.5');
  await actions.scrollIntoViewIfNeeded();
  await saveArtifact('users-extra-time');

  await signIn(page, learner);
  await app.openCourse('governance', 'en');
  await app.skipSteps(2);
  await app.expectStep('contain-leak');
  await expect(page.getByTestId('timed-remaining')).toHaveText('04:30 limit · not started');
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
  { width: 390, height: 844 },
  { width: 844, height: 390 },
] as const;

/** The page's height against the window's, and where the 3D view and the panel lie. */
function measure(page: Page) {
  return page.evaluate(() => {
    const rect = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
    const canvas = rect('.scene-view canvas');
    const panel = rect('.task-panel');
    const play = rect('main.play');
    return {
      scrollHeight: document.scrollingElement!.scrollHeight,
      innerHeight: window.innerHeight,
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
      canvas: {
        top: canvas.top,
        bottom: canvas.bottom,
        left: canvas.left,
        right: canvas.right,
        width: canvas.width,
        height: canvas.height,
      },
      panel: { top: panel.top, bottom: panel.bottom, left: panel.left, right: panel.right },
      play: { top: play.top, bottom: play.bottom, width: play.width },
    };
  });
}

for (const scene of [
  { name: 'lab', courseId: 'algorithm-ethics', step: 'proxy-lab' },
  { name: 'normal', courseId: 'data-security', step: null },
] as const) {
  test(`the ${scene.name} scene fills the window beside its panel at every size, and only the panel scrolls`, async ({
    app,
    page,
    saveArtifact,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(SIZES[0]);
    await app.openCourse(scene.courseId, 'en');
    if (scene.step) await app.expectStep(scene.step);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await app.frames(3);
      const m = await measure(page);
      const label = `${size.width}×${size.height}`;
      expect(m.scrollHeight, `${label}: page height`).toBeLessThanOrEqual(m.innerHeight);
      expect(m.scrollWidth, `${label}: page width`).toBeLessThanOrEqual(m.innerWidth);
      // The play area runs to the bottom of the window; the 3D view fills its part of it.
      expect(Math.abs(m.play.bottom - m.innerHeight), `${label}: play area bottom`).toBeLessThanOrEqual(1);
      const portrait = size.width < size.height;
      if (portrait) {
        expect(m.canvas.width, `${label}: canvas width`).toBeGreaterThanOrEqual(size.width - 1);
        expect(Math.abs(m.canvas.bottom - m.panel.top), `${label}: canvas meets the panel`).toBeLessThanOrEqual(2);
      } else {
        expect(Math.abs(m.canvas.right - m.panel.left), `${label}: canvas meets the panel`).toBeLessThanOrEqual(2);
        expect(Math.abs(m.canvas.bottom - m.innerHeight), `${label}: canvas bottom`).toBeLessThanOrEqual(1);
      }
      expect(m.canvas.top, `${label}: canvas top`).toBeCloseTo(m.play.top, 0);
      // The wheel over the 3D view leaves the page where it is.
      await page.mouse.move(m.canvas.left + m.canvas.width / 2, m.canvas.top + m.canvas.height / 2);
      await page.mouse.wheel(0, 800);
      await app.frames(2);
      expect(await page.evaluate(() => [window.scrollY, document.scrollingElement!.scrollTop])).toEqual([0, 0]);
      await saveArtifact(`play-layout-${scene.name}-${size.width}x${size.height}`);
    }
  });
}
