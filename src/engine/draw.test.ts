// The draw of steps with variants or a pool: deterministic per attempt, spread over the versions,
// the same on a course file and its public view, and open-book (own question, whole pool) in practice.
import { describe, expect, it } from 'vitest';
import { courseMaxPoints } from '../course/max-score.ts';
import { validateCourse } from '../course/validate.ts';
import { openBook } from './attempt-play.ts';
import { drawCourse, drawItems, drawsOf, drawVariant, openBookCourse, seededRandom, undrawnAnswer } from './draw.ts';
import { toPublicCourse } from './public-view.ts';
import { loadDrawnMiniCourse, loadMiniCourse } from './test-course.ts';

/** A UUID-shaped attempt id for seed n. */
const attemptId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const stepOf = <S extends { id: string }>(course: { scenes: readonly { steps: readonly S[] }[] }, stepId: string): S =>
  course.scenes.flatMap((scene) => scene.steps).find((step) => step.id === stepId)!;

describe('the draw', () => {
  it('is the same for the same attempt and step, and differs between seeds', () => {
    const a = seededRandom('x/desk/why');
    const b = seededRandom('x/desk/why');
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom('y/desk/why')()).not.toBe(first[0]);
    expect(drawVariant(attemptId(7), 'desk', 'why', 3)).toBe(drawVariant(attemptId(7), 'desk', 'why', 3));
  });

  it('spreads variants and pool items evenly over many attempts', () => {
    const variants = [0, 0, 0];
    const items = new Map<string, number>();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const runs = 3000;
    for (let n = 0; n < runs; n++) {
      variants[drawVariant(attemptId(n), 'desk', 'why', 3)]! += 1;
      const drawn = drawItems(attemptId(n), 'room', 'grade', ids, 2);
      expect(drawn).toHaveLength(2);
      expect(new Set(drawn).size).toBe(2);
      // In the order the author listed them.
      expect(drawn).toEqual(ids.filter((id) => drawn.includes(id)));
      for (const id of drawn) items.set(id, (items.get(id) ?? 0) + 1);
    }
    for (const count of variants) expect(Math.abs(count - runs / 3)).toBeLessThan(runs * 0.05);
    // Each item is drawn 2 times in 5: 1200 of 3000.
    for (const id of ids) expect(Math.abs((items.get(id) ?? 0) - (runs * 2) / 5)).toBeLessThan(runs * 0.05);
  });

  it('leaves only the drawn version in the course, keeps the maximum, and records what was drawn', () => {
    const course = loadDrawnMiniCourse();
    expect(validateCourse(JSON.parse(JSON.stringify(course))).ok).toBe(true);
    const seen = new Set<string>();
    for (let n = 0; n < 40; n++) {
      const drawn = drawCourse(course, attemptId(n));
      const why = stepOf(drawn, 'why');
      const grade = stepOf(drawn, 'grade');
      expect(why).not.toHaveProperty('variants');
      expect(grade).not.toHaveProperty('pool');
      expect('items' in grade && grade.items).toHaveLength(2);
      expect(courseMaxPoints(drawn)).toBe(courseMaxPoints(course));
      const draws = drawsOf(course, attemptId(n));
      expect(draws).toEqual([
        { sceneId: 'desk', stepId: 'why', variant: expect.any(Number) },
        { sceneId: 'room', stepId: 'grade', items: 'items' in grade ? grade.items.map((i) => i.id) : [] },
      ]);
      seen.add(JSON.stringify(draws));
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('draws the same on the public view as on the course file, and the drawn view holds no other version', () => {
    const course = loadDrawnMiniCourse();
    const view = toPublicCourse(course);
    for (let n = 0; n < 20; n++) {
      const fromFile = drawCourse(course, attemptId(n));
      const fromView = drawCourse(view, attemptId(n));
      const fileWhy = stepOf(fromFile, 'why');
      const viewWhy = stepOf(fromView, 'why');
      expect(viewWhy).toMatchObject({ prompt: 'prompt' in fileWhy ? fileWhy.prompt : null });
      const optionIds = (step: object) => ('options' in step ? (step.options as { id: string }[]).map((o) => o.id).sort() : []);
      expect(optionIds(viewWhy)).toEqual(optionIds(fileWhy));
      const json = JSON.stringify(fromView);
      const variant = drawVariant(attemptId(n), 'desk', 'why', 3);
      for (const [v, text] of ['Which law requires training?', 'Variant one asks', 'Variant two asks'].entries())
        expect(json.includes(text), `variant ${v} text in the view drawn variant ${variant}`).toBe(v === variant);
      const items = drawItems(attemptId(n), 'room', 'grade', ['faq', 'grid', 'menu', 'census', 'roster'], 2);
      for (const id of ['faq', 'grid', 'menu', 'census', 'roster'])
        expect(json.includes(`Card ${id}`) || json.includes(`"${id}"`)).toBe(items.includes(id));
      expect(json).not.toContain('"variants"');
      expect(json).not.toContain('"pool"');
    }
  });

  it('plays practice open-book: the own question and the whole pool', () => {
    const course = loadDrawnMiniCourse();
    const book = openBookCourse(course);
    expect(stepOf(book, 'why')).toMatchObject({ prompt: { en: 'Which law requires training?' } });
    expect(stepOf(book, 'why')).not.toHaveProperty('variants');
    const grade = stepOf(book, 'grade');
    expect(grade.type === 'classify' && grade.items).toHaveLength(5);
    expect(stepOf(openBook(course).course, 'grade')).not.toHaveProperty('pool');
    // A course without versions is played as it is.
    const mini = loadMiniCourse();
    expect(openBookCourse(mini)).toBe(mini);
  });

  it('names an option or item the attempt did not draw', () => {
    const course = loadDrawnMiniCourse();
    const n = [...Array(50).keys()].find((k) => drawVariant(attemptId(k), 'desk', 'why', 3) === 1)!;
    const drawn = drawCourse(course, attemptId(n));
    const full = course.scenes[0]!.steps.find((s) => s.id === 'why')!;
    const shown = drawn.scenes[0]!.steps.find((s) => s.id === 'why')!;
    expect(undrawnAnswer(full, shown, ['v1-right'])).toBeNull();
    expect(undrawnAnswer(full, shown, ['dsl'])).toMatch(
      /"dsl" belongs to a version of step "why" that this attempt did not draw/,
    );
    expect(undrawnAnswer(full, shown, ['no-such-option'])).toBeNull();
  });
});
