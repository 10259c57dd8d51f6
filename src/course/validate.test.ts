import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { courseMaxPoints } from './max-score.ts';
import { migrateCourse, type Migration } from './migrations.ts';
import { parseCourseText } from './parse.ts';
import { formatProblem } from './problems.ts';
import { validateCourse } from './validate.ts';

const FILE = 'courses/mini/course.yaml';
const text = readFileSync(new URL('./fixtures/mini-course.yaml', import.meta.url), 'utf8');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Validates a mutated copy of the fixture and returns the formatted problems. */
function problemsAfter(mutate: (c: Json) => void): string[] {
  const raw = parse(text) as Json;
  mutate(raw);
  const result = validateCourse(raw, { expectedId: 'mini' });
  return result.ok ? [] : result.problems.map((p) => formatProblem(FILE, p));
}

describe('course validation', () => {
  it('accepts the fixture and computes its maximum score', () => {
    const result = parseCourseText(text, FILE, { expectedId: 'mini' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(courseMaxPoints(result.course)).toBe(22);
  });

  const broken: [string, (c: Json) => void, string][] = [
    [
      'missing schemaVersion',
      (c) => delete c.schemaVersion,
      `${FILE}: schemaVersion: missing: add "schemaVersion: 1" at the top of the file`,
    ],
    [
      'future schemaVersion',
      (c) => (c.schemaVersion = 9),
      `${FILE}: schemaVersion: version 9 is newer than this Shixun understands (1): update Shixun or write the course for version 1`,
    ],
    [
      'unknown key',
      (c) => (c.scenes[0].steps[0].colour = 'red'),
      `${FILE}: scenes[0].steps[0].colour: unknown key "colour": check the spelling or remove it`,
    ],
    [
      'missing English',
      (c) => delete c.scenes[0].title.en,
      `${FILE}: scenes[0].title.en: missing English text: every learner-visible string needs both zh-CN and en`,
    ],
    [
      'empty Chinese',
      (c) => (c.summary['zh-CN'] = '  '),
      `${FILE}: summary["zh-CN"]: Chinese text is empty: write the zh-CN text`,
    ],
    [
      'bad domain',
      (c) => (c.domain = 'cooking'),
      `${FILE}: domain: must be one of "data-security", "algorithm-ethics", "governance", got "cooking"`,
    ],
    ['mastery out of range', (c) => (c.masteryScore = 1.5), `${FILE}: masteryScore: Too big: expected number to be <=1`],
    [
      'bad environment',
      (c) => (c.scenes[1].environment = 'beach'),
      `${FILE}: scenes[1].environment: must be one of "office", "data-room", "service-hall", "meeting-room", "control-room", got "beach"`,
    ],
    [
      'unknown step type',
      (c) => (c.scenes[0].steps[1].type = 'quiz'),
      `${FILE}: scenes[0].steps[1].type: unknown type "quiz": use one of "inspect", "choice", "classify", "sequence", "dialogue", "lab", "timed"`,
    ],
    [
      'dangling dialogue next',
      (c) => (c.scenes[1].steps[2].nodes[0].options[0].next = 'n9'),
      `${FILE}: scenes[1].steps[2].nodes[0].options[0].next: no node "n9" (known: n1, n2, good, bad, end)`,
    ],
    [
      'dangling hotspot prop',
      (c) => (c.scenes[0].steps[0].hotspots[0].prop = 'printer'),
      `${FILE}: scenes[0].steps[0].hotspots[0].prop: no prop "printer" (known: desk1, pc, usb, plant)`,
    ],
    [
      'dangling classify bin',
      (c) => (c.scenes[1].steps[0].items[0].bin = 'core'),
      `${FILE}: scenes[1].steps[0].items[0].bin: no bin "core" (known: general, important)`,
    ],
    [
      'duplicate scene id',
      (c) => (c.scenes[1].id = 'desk'),
      `${FILE}: scenes[1].id: duplicate scene id "desk": ids must be unique`,
    ],
    [
      'unknown station',
      (c) => (c.scenes[0].steps[0].station = 'back'),
      `${FILE}: scenes[0].steps[0].station: no station "back" (known: front)`,
    ],
    [
      'unknown dimension',
      (c) => (c.scenes[0].steps[1].dimension = 'ethics'),
      `${FILE}: scenes[0].steps[1].dimension: no dimension "ethics" (known: protect, law)`,
    ],
    [
      'dialogue loop',
      (c) => (c.scenes[1].steps[2].nodes[0].options[1].next = 'n1'),
      `${FILE}: scenes[1].steps[2].nodes[0]: the conversation can come back to "n1" and never end: every path must reach an ending`,
    ],
    [
      'dead-end node',
      (c) => delete c.scenes[1].steps[2].nodes[2].end,
      `${FILE}: scenes[1].steps[2].nodes[2]: this node has no options, no route and is not an ending: add options, a route, or end: true`,
    ],
    [
      'route with no default',
      (c) => c.scenes[1].steps[2].nodes[1].route.pop(),
      `${FILE}: scenes[1].steps[2].nodes[1].route: no route rule matches when risk=0: add a last rule with no "if"`,
    ],
    [
      'unreachable node',
      (c) =>
        c.scenes[1].steps[2].nodes.push({
          id: 'n7',
          speaker: { 'zh-CN': '甲', en: 'A' },
          text: { 'zh-CN': '乙', en: 'B' },
          end: true,
        }),
      `${FILE}: scenes[1].steps[2].nodes[4]: node "n7" can never be reached from "n1": link to it or remove it`,
    ],
    [
      'undeclared variable',
      (c) => (c.scenes[1].steps[2].nodes[0].options[1].effects = { trust: 1 }),
      `${FILE}: scenes[1].steps[2].nodes[0].options[1].effects.trust: no variable "trust" (known: risk)`,
    ],
    [
      'no points possible',
      (c) => c.scenes[0].steps[1].options.forEach((o: Json) => (o.points = 0)),
      `${FILE}: scenes[0].steps[1]: the step can give no points: give at least one answer positive points`,
    ],
    [
      'hazard without fixes',
      (c) => delete c.scenes[0].steps[0].hotspots[1].fixes,
      `${FILE}: scenes[0].steps[0].hotspots[1].fixes: a hazard needs at least two fixes to choose from`,
    ],
    [
      'decoy without fixes',
      (c) => delete c.scenes[0].steps[0].hotspots[2].fixes,
      `${FILE}: scenes[0].steps[0].hotspots[2].fixes: a decoy needs at least 2 fix options like a hazard, or the public view reveals it is a decoy`,
    ],
    [
      'decoy with one fix',
      (c) => c.scenes[0].steps[0].hotspots[2].fixes.pop(),
      `${FILE}: scenes[0].steps[0].hotspots[2].fixes: a decoy needs at least 2 fix options like a hazard, or the public view reveals it is a decoy`,
    ],
    [
      'decoy fix that earns points',
      (c) => (c.scenes[0].steps[0].hotspots[2].fixes[1].points = 1),
      `${FILE}: scenes[0].steps[0].hotspots[2].fixes[1].points: a decoy's fix earns nothing (flagging a decoy costs its penalty): use points: 0 and say in the feedback why the action is not needed`,
    ],
    [
      'decoy with find points',
      (c) => (c.scenes[0].steps[0].hotspots[2].findPoints = 1),
      `${FILE}: scenes[0].steps[0].hotspots[2].findPoints: a decoy earns no points for being found: use penalty instead`,
    ],
    [
      'partial credit too high',
      (c) => (c.scenes[1].steps[0].items[1].partial = { general: 5 }),
      `${FILE}: scenes[1].steps[0].items[1].partial.general: partial credit 5 must be less than the item's 2 points`,
    ],
    [
      'id does not match folder',
      (c) => (c.id = 'other'),
      `${FILE}: id: "other" does not match the folder name "mini": rename one so they agree`,
    ],
    [
      'bad id characters',
      (c) => (c.scenes[0].id = 'Desk One'),
      `${FILE}: scenes[0].id: ids use lower-case letters, digits and hyphens, e.g. "usb-stick"`,
    ],
    ['wrong type', (c) => (c.creditHours = 'two'), `${FILE}: creditHours: expected number, got string "two"`],
    [
      'model outside assets',
      (c) => c.scenes[0].props.push({ id: 'm', kind: 'model', src: '../x.glb', position: [0, 0, 0] }),
      `${FILE}: scenes[0].props[4].src: models live in the course folder under assets/ and end in .glb or .gltf`,
    ],
  ];

  it.each(broken)('rejects %s with the file, the field and the fix', (_name, mutate, expected) => {
    expect(problemsAfter(mutate)).toContain(expected);
  });

  it('reports YAML syntax errors with the line', () => {
    const result = parseCourseText(text.replace('domain: data-security', 'domain: [data-security'), FILE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/^YAML syntax error at line \d+, column \d+/);
  });

  it('adds the YAML line to problems', () => {
    const result = parseCourseText(
      text.replace('next: n2, feedback: { zh-CN: 正确。', 'next: n8, feedback: { zh-CN: 正确。'),
      FILE,
      { expectedId: 'mini' },
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatProblem(FILE, result.problems[0]!)).toBe(
        `${FILE}: scenes[1].steps[2].nodes[0].options[0].next: no node "n8" (known: n1, n2, good, bad, end) (line ${text.split('\n').findIndex((l) => l.includes('id: refuse')) + 1})`,
      );
  });

  it('points at the line of a decoy that has no fixes', () => {
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.includes('- id: green'));
    const fixesAt = lines.findIndex((l, i) => i > start && l.trim() === 'fixes:');
    const withoutFixes = [...lines.slice(0, fixesAt), ...lines.slice(fixesAt + 3)].join('\n');
    const result = parseCourseText(withoutFixes, FILE, { expectedId: 'mini' });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(FILE, p))).toEqual([
      `${FILE}: scenes[0].steps[0].hotspots[2].fixes: a decoy needs at least 2 fix options like a hazard, or the public view reveals it is a decoy (line ${start + 1})`,
    ]);
  });

  it('rejects a decoy fix with negative points too: the penalty is the only cost of flagging a decoy', () => {
    expect(problemsAfter((c) => (c.scenes[0].steps[0].hotspots[2].fixes[0].points = -1))).toEqual([
      `${FILE}: scenes[0].steps[0].hotspots[2].fixes[0].points: a decoy's fix earns nothing (flagging a decoy costs its penalty): use points: 0 and say in the feedback why the action is not needed`,
    ]);
  });

  it('reports a missing model file', () => {
    const raw = parse(text) as Json;
    raw.scenes[0].props.push({ id: 'kiosk', kind: 'model', src: 'assets/kiosk.glb', position: [0, 0, 0] });
    const result = validateCourse(raw, { assetExists: () => false });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toContain(
      'file "assets/kiosk.glb" not found in the course folder: add it or fix the path',
    );
  });
});

describe('variants and pools', () => {
  const option = (id: string, points: number) => ({
    id,
    text: { 'zh-CN': id, en: id },
    points,
    feedback: { 'zh-CN': id, en: id },
  });
  const withVariant = (c: Json, options: unknown[]) =>
    (c.scenes[0].steps[1].variants = [{ prompt: { 'zh-CN': '另问', en: 'Asked another way' }, options }]);
  const item = (id: string, points = 2) => ({
    id,
    label: { 'zh-CN': id, en: id },
    bin: 'general',
    points,
    feedback: { 'zh-CN': id, en: id },
  });

  it('accepts a choice step with a variant of the same maximum and a classify pool with equal items', () => {
    expect(
      problemsAfter((c) => {
        withVariant(c, [option('alt-right', 2), option('alt-wrong', -1)]);
        c.scenes[1].steps[0].items.push(item('menu'));
        c.scenes[1].steps[0].pool = { draw: 2 };
      }),
    ).toEqual([]);
  });

  const broken: [string, (c: Json) => void, string][] = [
    [
      'a variant with a different maximum',
      (c) => withVariant(c, [option('alt-right', 3), option('alt-wrong', 0)]),
      `${FILE}: scenes[0].steps[1].variants[0].options: this variant can give 3 points but the step's own options give 2: every variant must have the same maximum, so every attempt is scored out of the same total`,
    ],
    [
      'a variant reusing an option id',
      (c) => withVariant(c, [option('dsl', 2), option('alt-wrong', 0)]),
      `${FILE}: scenes[0].steps[1].variants[0].options[0].id: option id "dsl" is already used by another version of this step: give every variant option ids of its own, so an answer names the variant it answers`,
    ],
    [
      'a variant with one option',
      (c) => withVariant(c, [option('alt-right', 2)]),
      `${FILE}: scenes[0].steps[1].variants[0].options: Too small: expected array to have >=2 items`,
    ],
    [
      'a pool drawing all its items',
      (c) => (c.scenes[1].steps[0].pool = { draw: 2 }),
      `${FILE}: scenes[1].steps[0].pool.draw: draw 2 is not less than the 2 items in the pool: add items or lower draw, so attempts differ (or remove pool)`,
    ],
    [
      'a pool drawing more than it has',
      (c) => (c.scenes[1].steps[0].pool = { draw: 5 }),
      `${FILE}: scenes[1].steps[0].pool.draw: draw 5 is not less than the 2 items in the pool: add items or lower draw, so attempts differ (or remove pool)`,
    ],
    [
      'a pool of items worth different points',
      (c) => {
        c.scenes[1].steps[0].items.push(item('menu', 3));
        c.scenes[1].steps[0].pool = { draw: 2 };
      },
      `${FILE}: scenes[1].steps[0].items[2].points: pool items must all be worth the same, so every draw has the same maximum: "menu" gives 3, "faq" gives 2`,
    ],
    [
      'a pool drawing one item',
      (c) => {
        c.scenes[1].steps[0].items.push(item('menu'));
        c.scenes[1].steps[0].pool = { draw: 1 };
      },
      `${FILE}: scenes[1].steps[0].pool.draw: a classify step shows at least 2 items: draw 2 or more`,
    ],
    [
      'a pool with a duplicate item id',
      (c) => {
        c.scenes[1].steps[0].items.push(item('faq'));
        c.scenes[1].steps[0].pool = { draw: 2 };
      },
      `${FILE}: scenes[1].steps[0].items[2].id: duplicate item id "faq": ids must be unique`,
    ],
  ];

  it.each(broken)('rejects %s with the file, the field and the fix', (_name, mutate, expected) => {
    expect(problemsAfter(mutate)).toContain(expected);
  });

  it('adds the YAML line to a variant problem', () => {
    const variant = [
      '        variants:',
      '          - prompt: { zh-CN: 另问, en: Asked another way }',
      '            options:',
      '              - { id: dsl, text: { zh-CN: 甲, en: A }, points: 2, feedback: { zh-CN: 甲, en: A } }',
      '              - { id: alt, text: { zh-CN: 乙, en: B }, points: 0, feedback: { zh-CN: 乙, en: B } }',
    ];
    const lines = text.split('\n');
    const after = lines.findIndex((l) => l.includes('- { id: none,'));
    const withVariant = [...lines.slice(0, after + 1), ...variant, ...lines.slice(after + 1)].join('\n');
    const result = parseCourseText(withVariant, FILE, { expectedId: 'mini' });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(FILE, p))).toEqual([
      `${FILE}: scenes[0].steps[1].variants[0].options[0].id: option id "dsl" is already used by another version of this step: give every variant option ids of its own, so an answer names the variant it answers (line ${after + 5})`,
    ]);
  });
});

describe('migrations', () => {
  const renameTitle: Migration = {
    from: 1,
    describe: 'name → title',
    up: (raw) => ({ ...raw, title: raw['name'], name: undefined }),
  };

  it('moves an old file forward through each numbered migration', () => {
    const result = migrateCourse({ schemaVersion: 1, name: 'x' }, [renameTitle], 2);
    expect(result).toEqual({ ok: true, data: { schemaVersion: 2, title: 'x', name: undefined }, applied: ['name → title'] });
  });

  it('says when no migration exists', () => {
    const result = migrateCourse({ schemaVersion: 1 }, [], 2);
    expect(result.ok).toBe(false);
  });
});
