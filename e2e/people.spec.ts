// The people of each dialogue scene: drawn from the course's characters (the declared gender
// reaches the scene), the speaker turns to face the learner, and screenshots of every dialogue
// scene (desktop, a close-up at 2 m, the emulated headset) are saved to look at.
import { resolve } from 'node:path';
import { loadCourses } from '../src/course/node/load-courses.ts';
import type { ShixunApp } from './fixtures/app.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

test.use({ viewport: RENDER_VIEWPORT });

interface DialogueScene {
  course: string;
  scene: string;
  /** Steps before this scene's dialogue in the course. */
  skip: number;
  step: string;
  speaker: string;
  people: { prop: string; character: string; gender: string }[];
}

function dialogueScenes(): DialogueScene[] {
  const out: DialogueScene[] = [];
  for (const { course } of loadCourses(resolve(process.cwd(), 'courses')).courses) {
    let skip = 0;
    for (const scene of course.scenes) {
      for (const step of scene.steps) {
        if (step.type === 'dialogue') {
          const characters = new Map((scene.characters ?? []).map((c) => [c.id, c] as const));
          const people = scene.props.flatMap((p) =>
            p.kind === 'kit' && p.kit === 'person' && p.character
              ? [{ prop: p.id, character: p.character, gender: characters.get(p.character)!.gender }]
              : [],
          );
          const start = step.nodes.find((n) => n.id === step.start)!;
          out.push({ course: course.id, scene: scene.id, skip, step: step.id, speaker: start.character ?? '', people });
        }
        skip += 1;
      }
    }
  }
  return out;
}

/** Degrees between where a person's head faces and the direction to the camera. */
async function headError(app: ShixunApp, prop: string): Promise<number> {
  return app.hook((h, id) => {
    const person = h.scene!.getObjectByName(`person:${id}`)!;
    const head = person.getObjectByName('head')!;
    const e = head.matrixWorld.elements;
    // The head's +z axis (its face) in world space, level; and the level direction to the camera.
    const fx = e[8]!;
    const fz = e[10]!;
    const hx = e[12]!;
    const hz = e[14]!;
    const cx = h.camera!.matrixWorld.elements[12]! - hx;
    const cz = h.camera!.matrixWorld.elements[14]! - hz;
    const dot = (fx * cx + fz * cz) / (Math.hypot(fx, fz) * Math.hypot(cx, cz));
    return (Math.acos(Math.max(-1, Math.min(1, dot))) * 180) / Math.PI;
  }, prop);
}

for (const d of dialogueScenes()) {
  test(`${d.course}/${d.scene}: characters as declared, the speaker turns to the learner`, async ({ app, saveArtifact }) => {
    test.setTimeout(180_000);
    expect(d.people.length, 'the dialogue scene has people with characters').toBeGreaterThan(0);
    await app.openCourse(d.course, 'en');
    if (d.skip) await app.skipSteps(d.skip);
    await app.expectStep(d.step);
    await app.frames(20);
    for (const p of d.people) {
      const data = await app.hook((h, id) => h.scene!.getObjectByName(`person:${id}`)?.userData ?? null, p.prop);
      expect(data, `${p.prop} is drawn`).toMatchObject({ character: p.character, gender: p.gender });
    }
    await saveArtifact(`people-${d.course}-${d.scene}`);

    // The speaker faces the learner; turned away by 70°, they turn back: head first, then body.
    const speaker = d.people.find((p) => p.character === d.speaker);
    expect(speaker, `the first line's speaker (${d.speaker}) stands in the scene`).toBeDefined();
    await app.poll(() => headError(app, speaker!.prop), { timeout: 20_000 }).toBeLessThan(15);
    const bodyYaw = (id: string) =>
      app.hook((h, prop) => h.scene!.getObjectByName(`person:${prop}`)!.getObjectByName('body')!.rotation.y, id);
    const before = await bodyYaw(speaker!.prop);
    await app.hook((h, id) => {
      h.scene!.getObjectByName(`person:${id}`)!.rotation.y += (70 * Math.PI) / 180;
      h.invalidate?.();
    }, speaker!.prop);
    // The body turns back by the 70° (in the person's own frame) and the head ends facing the learner.
    await app
      .poll(async () => ((before - (await bodyYaw(speaker!.prop))) * 180) / Math.PI, { timeout: 20_000 })
      .toBeGreaterThan(60);
    await app.poll(() => headError(app, speaker!.prop), { timeout: 20_000 }).toBeLessThan(15);

    // A close-up from 2 m in front of the speaker, at eye height: the face must read.
    await app.hook((h, id) => {
      const person = h.scene!.getObjectByName(`person:${id}`)!;
      const head = person.getObjectByName('head')!;
      const cam = h.camera!;
      const e = head.matrixWorld.elements;
      const [fx, fz] = [e[8]!, e[10]!];
      const n = Math.hypot(fx, fz);
      // The camera hangs under the learner's rig: place it in world space through its parent.
      const at = cam.position.clone().set(e[12]! + (fx / n) * 2, e[13]! + 0.1, e[14]! + (fz / n) * 2);
      cam.parent?.updateMatrixWorld();
      cam.position.copy(cam.parent ? cam.parent.worldToLocal(at) : at);
      cam.lookAt(e[12]!, e[13]! + 0.05, e[14]!);
      cam.updateMatrixWorld();
      h.invalidate?.();
    }, speaker!.prop);
    await app.frames(2);
    await saveArtifact(`people-closeup-${d.course}-${d.scene}`);
  });
}

test('the dialogue scenes in the emulated headset', async ({ app, page, saveArtifact }) => {
  test.setTimeout(240_000);
  for (const d of dialogueScenes()) {
    await app.openCourse(d.course, 'en');
    await page.evaluate(() => localStorage.clear());
    const headset = new Headset(app);
    await headset.enter();
    if (d.skip) await app.skipSteps(d.skip);
    await app.expectStep(d.step);
    await app.frames(20);
    await saveArtifact(`people-headset-${d.course}-${d.scene}`);
  }
});

test('reduced motion: people stand still but still turn to the learner', async ({ app, page }) => {
  test.setTimeout(120_000);
  const d = dialogueScenes().find((s) => s.course === 'algorithm-ethics')!;
  const sway = (id: string) =>
    app.hook((h, prop) => {
      const body = h.scene!.getObjectByName(`person:${prop}`)!.getObjectByName('body')!;
      return Math.abs(body.position.x) + Math.abs(body.rotation.z);
    }, id);
  const speaker = d.people.find((p) => p.character === d.speaker)!;
  // Without the setting the idle sway moves the body; with it (the system's wish) nothing sways.
  await app.openCourse(d.course, 'en');
  if (d.skip) await app.skipSteps(d.skip);
  await app.expectStep(d.step);
  await app.poll(() => sway(speaker.prop), { timeout: 10_000 }).toBeGreaterThan(0.001);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.evaluate(() => localStorage.clear());
  await app.openCourse(d.course, 'en');
  if (d.skip) await app.skipSteps(d.skip);
  await app.expectStep(d.step);
  await app.frames(30);
  expect(await sway(speaker.prop)).toBe(0);
  await app.poll(() => headError(app, speaker.prop), { timeout: 20_000 }).toBeLessThan(15);
});
