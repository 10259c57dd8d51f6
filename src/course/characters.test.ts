import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { pronounProblems, type Character } from './characters.ts';
import { parseCourseText } from './parse.ts';
import { formatProblem } from './problems.ts';

const FILE = 'courses/mini/course.yaml';
const text = readFileSync(new URL('./fixtures/mini-course.yaml', import.meta.url), 'utf8');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const li: Character = { id: 'li', name: { 'zh-CN': '李某', en: 'Li' }, gender: 'female', age: 36, role: 'resident' };
const wang: Character = {
  id: 'wang',
  name: { 'zh-CN': '王工', en: 'Wang' },
  gender: 'male',
  age: 38,
  role: 'contractor-engineer',
};
const cast = [li, wang];
const words = (t: string, locale: 'zh-CN' | 'en', speaker?: string) =>
  pronounProblems(t, locale, cast, speaker).map((p) => `${p.character.id}:${p.word}`);

describe('the pronoun rule', () => {
  it('takes a pronoun to mean the character named last before it in the sentence', () => {
    expect(words('Li wants to know why she was turned down.', 'en')).toEqual([]);
    expect(words('Li wants to know why he was turned down.', 'en')).toEqual(['li:he']);
    expect(words('Li asked Wang about his laptop.', 'en')).toEqual([]);
    expect(words('Wang asked Li about his laptop.', 'en')).toEqual(['li:his']);
    expect(words('李某想知道她为什么被拒。', 'zh-CN')).toEqual([]);
    expect(words('李某说他没有收到通知。', 'zh-CN')).toEqual(['li:他']);
    expect(words('王工打来电话：他的笔记本被偷了。', 'zh-CN')).toEqual([]);
  });

  it('stops at the end of a sentence, ignores plurals and sentences with nobody named', () => {
    expect(words('Li left. He came in later.', 'en')).toEqual([]);
    expect(words('李某走了。他后来才到。', 'zh-CN')).toEqual([]);
    expect(words('李某和家人说他们还会再来。', 'zh-CN')).toEqual([]);
    expect(words('He said no.', 'en')).toEqual([]);
    // Whole words only: "Lin" and "Lithium" are not "Li"; "Zhou's" is Zhou.
    expect(words('Lin thinks his lithium battery is fine.', 'en')).toEqual([]);
    expect(words("Li's form: he signed it.", 'en')).toEqual(['li:he']);
  });

  it('never attributes a pronoun in a character\'s own line to the speaker ("my husband … he")', () => {
    expect(words('I am Li. My husband is in hospital and he cannot work.', 'en', 'li')).toEqual([]);
    expect(words('我是李某，我老伴住院了，他干不了活。', 'zh-CN', 'li')).toEqual([]);
    // Said by someone else, the same words are about Li.
    expect(words('I am Li. My husband is in hospital and he cannot work.', 'en', 'wang')).toEqual([]);
    expect(words('Li is in hospital and he cannot work.', 'en', 'wang')).toEqual(['li:he']);
  });
});

/** The fixture with Li at the desk and speaking the dialogue's first line, changed by `mutate`. */
function problemsAfter(mutate: (c: Json) => void): string[] {
  const raw = parse(text) as Json;
  const desk = raw.scenes[1];
  desk.characters = [
    { id: 'li', name: { 'zh-CN': '李某', en: 'Li' }, gender: 'female', age: 36, role: 'resident' },
    { id: 'wang', name: { 'zh-CN': '王工', en: 'Wang' }, gender: 'male', age: 38, role: 'vendor', dress: 'suit' },
  ];
  desk.props.push({ id: 'li-person', kind: 'kit', kit: 'person', position: [1, 0, -2], character: 'li' });
  const talk = desk.steps.find((s: Json) => s.type === 'dialogue');
  talk.nodes[0].character = 'wang';
  talk.nodes[0].speaker = { 'zh-CN': '王工', en: 'Wang' };
  mutate(raw);
  const result = parseCourseText(stringify(raw), FILE, { expectedId: 'mini' });
  return result.ok ? [] : result.problems.map((p) => formatProblem(FILE, p));
}

describe('characters in a course file', () => {
  it('accepts declared characters on person props and dialogue lines', () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  it('fails on a pronoun that disagrees with the declared gender, naming file, field and line', () => {
    const zh = problemsAfter((c) => (c.scenes[1].intro['zh-CN'] = '李某来了，他想问补贴的事。'));
    expect(zh).toHaveLength(1);
    expect(zh[0]).toMatch(
      /^courses\/mini\/course\.yaml: scenes\[1\]\.intro\["zh-CN"\]: "他" refers to 李某 \(li\), declared female: fix the pronoun or the character's gender \(line \d+\)$/,
    );
    const en = problemsAfter((c) => (c.scenes[1].intro.en = 'Li is here: he wants to ask about the allowance.'));
    expect(en).toEqual([expect.stringMatching(/scenes\[1\]\.intro\.en: "he" refers to Li \(li\), declared female/)]);
    // The same text with the gender declared to match passes.
    expect(
      problemsAfter((c) => {
        c.scenes[1].intro.en = 'Li is here: he wants to ask about the allowance.';
        c.scenes[1].characters[0].gender = 'male';
      }),
    ).toEqual([]);
  });

  it('lets a character speak of someone else with a pronoun of the other gender', () => {
    expect(
      problemsAfter((c) => {
        const node = c.scenes[1].steps.find((s: Json) => s.type === 'dialogue').nodes[0];
        node.character = 'li';
        node.text = {
          'zh-CN': '我是李某，我老伴住院了，他干不了活。',
          en: "I'm Li. My husband is in hospital and he can't work.",
        };
      }),
    ).toEqual([]);
  });

  it('fails on references to undeclared characters and on a character given to something not a person', () => {
    expect(problemsAfter((c) => (c.scenes[1].props.at(-1).character = 'zhou'))).toEqual([
      expect.stringMatching(/props\[0\]\.character: no character "zhou" \(known: li, wang\)/),
    ]);
    expect(
      problemsAfter((c) => (c.scenes[1].steps.find((s: Json) => s.type === 'dialogue').nodes[0].character = 'chen')),
    ).toEqual([expect.stringMatching(/nodes\[0\]\.character: no character "chen" \(known: li, wang\)/)]);
    expect(
      problemsAfter((c) =>
        c.scenes[1].props.push({ id: 'desk2', kind: 'kit', kit: 'desk', position: [0, 0, -3], character: 'li' }),
      ),
    ).toEqual([expect.stringMatching(/props\[1\]\.character: only a person \(kit: person\) can be a character: remove it/)]);
  });

  it('checks the declaration itself: gender, role, dress, age and unique ids', () => {
    expect(problemsAfter((c) => (c.scenes[1].characters[0].gender = 'woman'))).toEqual([
      expect.stringMatching(/characters\[0\]\.gender: must be one of "female", "male", got "woman"/),
    ]);
    expect(problemsAfter((c) => (c.scenes[1].characters[1].dress = 'toga'))).toEqual([
      expect.stringMatching(/characters\[1\]\.dress: must be one of "uniform", "jacket", "suit", "casual", "polo", got "toga"/),
    ]);
    expect(problemsAfter((c) => (c.scenes[1].characters[1].role = 'mayor'))).toEqual([
      expect.stringMatching(/characters\[1\]\.role: must be one of/),
    ]);
    expect(problemsAfter((c) => (c.scenes[1].characters[0].age = 4))).toEqual([expect.stringMatching(/characters\[0\]\.age:/)]);
    expect(problemsAfter((c) => (c.scenes[1].characters[1].id = 'li'))).toContainEqual(
      expect.stringMatching(/characters\[1\]\.id: duplicate character id "li"/),
    );
  });
});
